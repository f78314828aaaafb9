/**
 * A small deterministic generator of hostile HTTP input for the fuzz suite: values built from a route's
 * OpenAPI schema, then broken in one of many ways (wrong types, missing and extra fields, huge strings,
 * control characters, rare CJK, injection strings, prototype keys, impossible dates, invalid UTF-8, wrong
 * content types, deep nesting). No external services; the same seed gives the same cases.
 */

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  format?: string;
  pattern?: string;
  nullable?: boolean;
  default?: unknown;
}

export interface FuzzCase {
  kind: string;
  url: string;
  /** a JS value sent as JSON, or raw bytes sent with `contentType` */
  payload?: unknown;
  raw?: Buffer;
  contentType?: string;
}

/** mulberry32: a tiny seeded PRNG. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const HOSTILE_STRINGS: string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u0001\u0002\u0003\u001f\u007f',
  '\r\n\t\b\f\v',
  '\u202e\u200b\ufeff',
  '😀👨‍👩‍👧‍👦🏳️‍🌈',
  '𠮷野家𪚥𩸽',
  '\ud800',
  '\udfff\ud800',
  "' OR 1=1 --",
  "'; DROP TABLE orgs; --",
  '" OR ""="',
  '1; SELECT pg_sleep(10)',
  '$$; select 1; $$',
  '\\',
  '%',
  '_%\\',
  '<script>alert(1)</script>',
  '<img src=x onerror="window.__pwned=1">',
  '"><svg onload=alert(1)>',
  'javascript:alert(1)',
  '{{7*7}}${7*7}',
  '../../../../etc/passwd',
  '%00%2e%2e%2f',
  'NaN',
  'Infinity',
  '-Infinity',
  'null',
  'undefined',
  'true',
  '1e309',
  '-0',
  '0x1F',
  '9'.repeat(40),
  '2023-02-30',
  '2023-13-01',
  '0000-00-00',
  '9999-12-31T25:61:61Z',
  '-271821-04-19',
  '+275760-09-13T00:00:00.000Z',
  '2023-02-29T00:00:00+25:00',
  '1970-01-01',
  'Z',
  '__proto__',
  'constructor',
  'prototype',
  'ltree.*{1,}',
  '1.2.3.*',
  '!@#$%^&*()',
];

export const HOSTILE_NUMBERS: unknown[] = [
  0,
  -1,
  -2147483649,
  2147483648,
  2 ** 53 + 2,
  1e308,
  -1e308,
  1.5,
  Number.MIN_VALUE,
  '1',
  '-1',
  'NaN',
  '1e309',
  '',
  null,
  true,
  [],
  {},
];

export const PATH_IDS: string[] = [
  '1',
  '2',
  '3',
  '0',
  '-1',
  '1.5',
  '1e3',
  '99999999999999999999',
  '2147483648',
  'abc',
  'NaN',
  '%F0%A0%AE%B7',
  '%00',
  "1'%20OR%201=1",
  '%3Cscript%3E',
  '0x10',
];

const MB = 1024 * 1024;

export class Gen {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = rng(seed);
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }

  /** Something the schema would accept, or close to it. */
  valid(s: JsonSchema | undefined, depth = 0): unknown {
    if (!s || depth > 6) return null;
    if (s.enum?.length) return this.pick(s.enum);
    const alts = s.anyOf ?? s.oneOf;
    if (alts?.length) return this.valid(this.pick(alts), depth + 1);
    if (s.allOf?.length) return this.valid(s.allOf[0], depth + 1);
    const type = Array.isArray(s.type) ? s.type[0] : s.type;
    switch (type) {
      case 'object': {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(s.properties ?? {})) {
          if (s.required?.includes(k) || this.next() < 0.6) out[k] = this.valid(v, depth + 1);
        }
        return out;
      }
      case 'array':
        return Array.from({ length: this.int(3) }, () => this.valid(s.items, depth + 1));
      case 'integer':
      case 'number':
        return Math.max(s.minimum ?? 1, Math.min(s.maximum ?? 1000, 1 + this.int(5)));
      case 'boolean':
        return this.next() < 0.5;
      case 'string':
        if (s.format === 'date' || /\\d\{4\}-/.test(s.pattern ?? '')) return '2030-01-01';
        if (s.format === 'date-time') return '2030-01-01T09:00:00+08:00';
        return '测试' + 'x'.repeat(Math.max(0, (s.minLength ?? 1) - 2));
      default:
        return 'x';
    }
  }

  /** A hostile scalar or structure of any type. */
  hostile(bigOk: boolean): unknown {
    const r = this.int(12);
    if (r < 5) return this.pick(HOSTILE_STRINGS);
    if (r < 8) return this.pick(HOSTILE_NUMBERS);
    if (r === 8) return bigOk ? '𠮷'.repeat(MB / 4) : 'x'.repeat(5000);
    if (r === 9) return { __proto__: { admin: true }, constructor: { prototype: { x: 1 } } };
    if (r === 10) return [this.pick(HOSTILE_STRINGS), null, [[]]];
    return this.deep(50 + this.int(200));
  }

  deep(levels: number): unknown {
    let v: unknown = 1;
    for (let i = 0; i < levels; i++) v = this.next() < 0.5 ? [v] : { a: v };
    return v;
  }

  /** Break a valid value: swap a field for hostile input, drop fields, add extra ones, prototype keys. */
  mutate(value: unknown, s: JsonSchema | undefined, bigOk: boolean): unknown {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || this.next() < 0.15) {
      return this.hostile(bigOk);
    }
    const obj: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    const keys = Object.keys(s?.properties ?? obj);
    const op = this.int(6);
    if (op === 0 && keys.length) delete obj[this.pick(keys)];
    else if (op === 1)
      obj[this.pick(['extra', '__proto__', 'constructor', 'prototype', 'id', 'orgPath'])] = 1;
    else if (op === 2 && keys.length) {
      const k = this.pick(keys);
      const sub = s?.properties?.[k];
      obj[k] =
        sub && obj[k] && typeof obj[k] === 'object' ? this.mutate(obj[k], sub, bigOk) : this.hostile(bigOk);
    } else {
      for (const k of keys) if (this.next() < 0.4) obj[k] = this.hostile(bigOk && this.next() < 0.3);
    }
    return obj;
  }

  /** A raw JSON text with a prototype-pollution key (JSON.stringify would drop a literal __proto__). */
  protoJson(value: unknown): string {
    const body = JSON.stringify(value ?? {});
    const inject = '"__proto__":{"isAdmin":true},"constructor":{"prototype":{"polluted":1}}';
    return body.startsWith('{') && body !== '{}' ? `{${inject},${body.slice(1)}` : `{${inject}}`;
  }
}

/** Raw bodies that are not what the route expects. */
export function rawCase(g: Gen, url: string, valid: unknown): FuzzCase {
  const r = g.int(9);
  const json = JSON.stringify(valid ?? {});
  switch (r) {
    case 0:
      return {
        kind: 'invalid-utf8',
        url,
        raw: Buffer.concat([
          Buffer.from('{"name":"'),
          Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80]),
          Buffer.from('"}'),
        ]),
        contentType: 'application/json',
      };
    case 1:
      return {
        kind: 'truncated-json',
        url,
        raw: Buffer.from(json.slice(0, Math.max(1, json.length - 2))),
        contentType: 'application/json',
      };
    case 2:
      return { kind: 'text-plain', url, raw: Buffer.from(json), contentType: 'text/plain' };
    case 3:
      return {
        kind: 'form',
        url,
        raw: Buffer.from('a=1&b=%ZZ&__proto__=x'),
        contentType: 'application/x-www-form-urlencoded',
      };
    case 4:
      return {
        kind: 'xml',
        url,
        raw: Buffer.from(
          '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>',
        ),
        contentType: 'application/xml',
      };
    case 5:
      return {
        kind: 'deep-json',
        url,
        raw: Buffer.from('['.repeat(20_000) + ']'.repeat(20_000)),
        contentType: 'application/json',
      };
    case 6:
      return {
        kind: 'proto-json',
        url,
        raw: Buffer.from(g.protoJson(valid)),
        contentType: 'application/json',
      };
    case 7:
      if (g.next() < 0.3) {
        const boundary = g.pick(['', 'x'.repeat(300), '"', 'a b']);
        return {
          kind: 'bad-boundary',
          url,
          raw: Buffer.from(`--${boundary}\r\n\r\n`),
          contentType: `multipart/form-data; boundary=${boundary}`,
        };
      }
      return {
        kind: 'bad-multipart',
        url,
        raw: Buffer.from('--x\r\nContent-Disposition: form-data; name="file"\r\n\r\nabc'),
        contentType: 'multipart/form-data; boundary=x',
      };
    default:
      return {
        kind: 'json-charset',
        url,
        raw: Buffer.from(json, 'utf16le'),
        contentType: 'application/json; charset=utf-16',
      };
  }
}
