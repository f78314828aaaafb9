import { createHash, randomInt } from 'node:crypto';

const DAY = 86_400_000;
const SHANGHAI = 8 * 3_600_000;

/** Saturday or Sunday in Asia/Shanghai. */
export function isWeekend(at: Date): boolean {
  const day = new Date(at.getTime() + SHANGHAI).getUTCDay();
  return day === 0 || day === 6;
}

/** The same time of day `days` working days later (weekends skipped, counted in Asia/Shanghai). */
export function addWorkingDays(from: Date, days: number): Date {
  let at = from.getTime();
  let added = 0;
  while (added < days) {
    at += DAY;
    if (!isWeekend(new Date(at))) added++;
  }
  return new Date(at);
}

/** Crockford base32 without I, L, O, U: nothing to misread on a phone. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A 查询码 of 10 characters: 50 random bits, unguessable in practice. */
export function trackingCode(): string {
  let out = '';
  for (let i = 0; i < 10; i++) out += ALPHABET[randomInt(32)];
  return out;
}

export const normalizeCode = (code: string) =>
  code
    .trim()
    .toUpperCase()
    .replace(/[^0-9A-Z]/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Whitespace and punctuation do not make a submission new. */
export const textKey = (text: string) => sha256(text.replace(/[\s\p{P}]/gu, '').toLowerCase());

export const MAX_PICTURES = 3;
export const MAX_PICTURE_BYTES = 5 * 1024 * 1024;

/** Lights for the queues: red past a deadline, blue within a working day of one, green otherwise. */
export function opinionLight(
  o: { status: string; signedAt: Date | null; signDeadline: Date; answerDeadline: Date },
  at: Date,
): 'red' | 'yellow' | 'blue' | 'green' | 'none' {
  if (!['submitted', 'routed', 'signed', 'returned', 'reopened'].includes(o.status)) return 'none';
  if (at > o.answerDeadline) return 'red';
  if (!o.signedAt && at > o.signDeadline) return 'yellow';
  const next = o.signedAt ? o.answerDeadline : o.signDeadline;
  return next.getTime() - at.getTime() < DAY ? 'blue' : 'green';
}
