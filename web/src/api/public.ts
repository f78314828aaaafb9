/** The portal's API: no session, no CSRF (public routes take neither), errors as ApiError. */
import { ApiError, buildUrl, type Query } from './client';

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown, query?: Query): Promise<T> {
  const form = body instanceof FormData;
  const res = await fetch(buildUrl(path, query), {
    method,
    headers: form
      ? { 'accept-language': 'zh-CN' }
      : { 'content-type': 'application/json', 'accept-language': 'zh-CN' },
    body: body === undefined ? undefined : form ? body : JSON.stringify(body),
    credentials: 'omit',
  });
  const text = await res.text();
  const json = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
  if (!res.ok)
    throw new ApiError(
      res.status,
      String(json.code ?? 'ERROR'),
      String(json.message ?? res.statusText),
      (json.fields as { field: string; message: string }[] | undefined) ?? [],
    );
  return json as T;
}

export interface Page<T> {
  items: T[];
  total: number;
}
export interface PublicArticle {
  id: number;
  orgName: string;
  kind: string;
  title: string;
  body: string;
  imageIds: number[];
  publishedAt: string | null;
}
export interface PublicProblem {
  id: number;
  number: string;
  title: string | null;
  manifestation: string | null;
  orgName: string | null;
  status: string | null;
  progress: string | null;
  measures: { text: string; type: string; done: boolean }[] | null;
}
export interface Deed {
  id: number;
  orgId: number;
  orgName: string;
  title: string;
  description: string;
  leaderName: string;
  targetDate: string;
  status: 'active' | 'completed';
  completedAt: string | null;
  progress: number;
  milestones: { id: number; title: string; weight: number; progress: number }[];
  ratings: Record<string, number>;
  version: number;
}
export interface PublicStats {
  orgId: number;
  orgName: string;
  publishedItems: number;
  signedOff: number;
  opinionsReceived: number;
  responseRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
  deeds: number;
  deedProgress: number | null;
}
export interface PublicOpinion {
  category: string;
  unitName: string | null;
  text: string;
  answer: string | null;
  submittedAt: string;
  answeredAt: string | null;
  rating: string | null;
}
export interface Tracked {
  code: string;
  category: string;
  unitName: string | null;
  status: string;
  statusLabel: string;
  text: string;
  submittedAt: string;
  answerDeadline: string;
  answer: string | null;
  answeredAt: string | null;
  rating: string | null;
  canRate: boolean;
  reopened: boolean;
  steps: { at: string; label: string }[];
}
export interface PublicUnit {
  id: number;
  name: string;
  parentId: number | null;
}

export const RATINGS = ['满意', '比较满意', '不太满意', '不满意'] as const;
export const CATEGORIES = ['意见', '建议', '投诉', '求助', '咨询', '表扬'] as const;

export const publicApi = {
  articles: () => call<Page<PublicArticle>>('GET', '/api/v1/public/articles', undefined, { pageSize: 50 }),
  problems: () => call<Page<PublicProblem>>('GET', '/api/v1/public/problems', undefined, { pageSize: 50 }),
  deeds: () => call<Page<Deed>>('GET', '/api/v1/public/deeds', undefined, { pageSize: 50 }),
  stats: () => call<PublicStats[]>('GET', '/api/v1/public/stats'),
  opinions: () => call<Page<PublicOpinion>>('GET', '/api/v1/public/opinions', undefined, { pageSize: 50 }),
  units: (q?: string) => call<PublicUnit[]>('GET', '/api/v1/public/units', undefined, { q }),
  track: (code: string) => call<Tracked>('GET', `/api/v1/public/opinions/${encodeURIComponent(code)}`),
  rate: (code: string, rating: string, comment?: string) =>
    call<{ ok: boolean }>('POST', `/api/v1/public/opinions/${encodeURIComponent(code)}/rate`, {
      rating,
      comment,
    }),
  rateDeed: (id: number, rating: string, deviceId: string) =>
    call<Deed>('POST', `/api/v1/public/deeds/${id}/rate`, { rating, deviceId }),
  challenge: () => call<{ salt: string; difficulty: number }>('GET', '/api/v1/public/challenge'),
  submit: (body: Record<string, unknown>) =>
    call<{ code: string; merged: boolean }>('POST', '/api/v1/public/opinions', body),
  /** one picture (multipart field `file`) added to a just-submitted opinion */
  addPicture: (code: string, file: Blob, name: string) => {
    const form = new FormData();
    form.append('file', file, name);
    return call<{ pictures: number }>(
      'POST',
      `/api/v1/public/opinions/${encodeURIComponent(code)}/pictures`,
      form,
    );
  },
};

/** What the portal accepts as a picture; the server checks the content again. */
export const PICTURE_TYPES = 'image/jpeg,image/png,image/webp';
export const MAX_PICTURES = 3;
export const MAX_PICTURE_MB = 5;

function zeroBits(buf: ArrayBuffer): number {
  const bytes = new Uint8Array(buf);
  let bits = 0;
  for (const b of bytes) {
    if (b === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(b) - 24;
  }
  return bits;
}

/** The proof of work, in the browser: sha256(salt + nonce) with `bits` leading zero bits, 256 tries at a time. */
export async function solveChallenge(salt: string, bits: number): Promise<string> {
  const enc = new TextEncoder();
  for (let base = 0; ; base += 256) {
    const tries = Array.from({ length: 256 }, (_, i) => String(base + i));
    const digests = await Promise.all(
      tries.map((n) => crypto.subtle.digest('SHA-256', enc.encode(salt + n))),
    );
    const hit = digests.findIndex((d) => zeroBits(d) >= bits);
    if (hit >= 0) return tries[hit];
  }
}

/** A random id kept on this device: one deed rating per device and day. */
export function deviceId(): string {
  const key = 'luoshi.device';
  let id = localStorage.getItem(key);
  if (!id) {
    id = crypto.randomUUID();
    localStorage.setItem(key, id);
  }
  return id;
}
