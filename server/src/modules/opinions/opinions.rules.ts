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

/** Picture types accepted, recognised from their first bytes (the declared type is not trusted). */
export function sniffImage(buf: Buffer): 'image/jpeg' | 'image/png' | 'image/gif' | 'image/webp' | null {
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'image/jpeg';
  if (
    buf.length >= 8 &&
    buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  )
    return 'image/png';
  if (buf.length >= 6 && ['GIF87a', 'GIF89a'].includes(buf.subarray(0, 6).toString('latin1')))
    return 'image/gif';
  if (
    buf.length >= 12 &&
    buf.subarray(0, 4).toString('latin1') === 'RIFF' &&
    buf.subarray(8, 12).toString('latin1') === 'WEBP'
  )
    return 'image/webp';
  return null;
}

export const MAX_PICTURES = 3;
export const MAX_PICTURE_BYTES = 1024 * 1024;

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
