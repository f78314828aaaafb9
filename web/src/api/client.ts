/** The one fetch wrapper: cookies, CSRF on writes, Accept-Language, typed errors, 401 handling. */

export interface FieldError {
  field: string;
  message: string;
}

interface ErrorBody {
  code?: string;
  message?: string;
  fields?: FieldError[];
  requestId?: string;
  [extra: string]: unknown;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldError[] = [],
    readonly requestId?: string,
    /** the whole error body, for errors that carry more (e.g. IMPORT_INVALID's `errors`) */
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  formData?: FormData;
  signal?: AbortSignal;
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

let csrfToken: string | null = null;
let acceptLanguage = 'zh-CN';
let unauthorizedHandler: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function setApiLocale(locale: string): void {
  acceptLanguage = locale;
}

/** Called on a 401 from any call except the login itself and the first `me` probe. */
export function onUnauthorized(handler: (() => void) | null): void {
  unauthorizedHandler = handler;
}

export function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export async function fetchCsrfToken(): Promise<string> {
  const res = await request<{ token: string }>('GET', '/api/v1/auth/csrf');
  csrfToken = res.token;
  return res.token;
}

async function toError(res: Response): Promise<ApiError> {
  let body: ErrorBody = {};
  try {
    body = (await res.json()) as ErrorBody;
  } catch {
    // non-JSON error body (proxy, gateway): fall back to the status text
  }
  const fields = (body.fields ?? []).map((f) => ({ ...f, field: f.field.replace(/^body[./]/, '') }));
  return new ApiError(
    res.status,
    body.code ?? `HTTP_${res.status}`,
    body.message ?? res.statusText ?? `HTTP ${res.status}`,
    fields,
    body.requestId,
    body,
  );
}

async function send(method: string, path: string, opts: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { 'Accept-Language': acceptLanguage, Accept: 'application/json' };
  let body: BodyInit | undefined;
  if (opts.formData) {
    body = opts.formData;
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  if (MUTATING.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;
  return fetch(buildUrl(path, opts.query), {
    method,
    headers,
    body,
    credentials: 'same-origin',
    signal: opts.signal,
  });
}

/** Raw response with the error handling applied; used for downloads. */
export async function requestRaw(method: string, path: string, opts: RequestOptions = {}): Promise<Response> {
  if (MUTATING.has(method) && !csrfToken && path !== '/api/v1/auth/login') {
    await fetchCsrfToken();
  }
  let res = await send(method, path, opts);
  if (res.status === 403 && MUTATING.has(method)) {
    // A stale token (e.g. the session was renewed in another tab): refresh once and retry.
    const err = await toError(res.clone());
    if (err.code === 'CSRF') {
      await fetchCsrfToken();
      res = await send(method, path, opts);
    }
  }
  if (!res.ok) {
    const err = await toError(res);
    const quiet = path === '/api/v1/auth/login' || path === '/api/v1/auth/me';
    if (res.status === 401 && !quiet && unauthorizedHandler) unauthorizedHandler();
    throw err;
  }
  return res;
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const res = await requestRaw(method, path, opts);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  del: <T>(path: string) => request<T>('DELETE', path),
  upload: <T>(path: string, file: File) => {
    const formData = new FormData();
    formData.append('file', file);
    return request<T>('POST', path, { formData });
  },
};

/** Downloads a file through fetch (so errors show as messages, not as a broken tab). */
export async function download(path: string, query?: Query, fallbackName = 'export.xlsx'): Promise<void> {
  const res = await requestRaw('GET', path, { query });
  const blob = await res.blob();
  const disposition = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  const name = star ? decodeURIComponent(star[1]) : plain ? plain[1] : fallbackName;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
