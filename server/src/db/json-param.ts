const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The text as PostgreSQL will store it: a lone UTF-16 surrogate (not encodable as UTF-8) becomes U+FFFD. */
export function wellFormed(text: string): string {
  return isWellFormed(text) ? text : text.replace(LONE_SURROGATE, '\ufffd');
}

// String.prototype.isWellFormed (Node 20+, not yet in our TypeScript lib) is several times faster than a regex test
const nativeWellFormed = (String.prototype as { isWellFormed?: () => boolean }).isWellFormed;
const isWellFormed: (text: string) => boolean = nativeWellFormed
  ? (text) => nativeWellFormed.call(text)
  : (text) => !/[\ud800-\udfff]/.test(text);

/**
 * JSON text for one jsonb parameter carrying many rows (`jsonb_array_elements($1::jsonb)`): a bulk insert
 * with 1 bind parameter instead of one per value. jsonb refuses the \ud800-style escapes JSON.stringify
 * writes for lone UTF-16 surrogates, which a text parameter would have sent as U+FFFD: so they become U+FFFD.
 */
export function jsonParam(value: unknown): string {
  const json = JSON.stringify(value);
  if (!/\\ud[89a-f]/i.test(json)) return json;
  return JSON.stringify(value, (_k, v: unknown) =>
    typeof v === 'string' ? v.replace(LONE_SURROGATE, '\ufffd') : v,
  );
}
