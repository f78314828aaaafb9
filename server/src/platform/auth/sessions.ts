import { createHash, randomBytes } from 'node:crypto';
import { and, eq, ne } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { sessions } from './auth.table.js';

export const SESSION_COOKIE = 'luoshi_sid';

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

/** The session's key in the table: the token's digest (the token itself is never stored). */
export const sessionIdOf = digest;

export async function createSession(db: Executor, userId: number, ttlMinutes: number) {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(Date.now() + ttlMinutes * 60_000);
  await db.insert(sessions).values({ id: digest(token), userId, csrfToken, expiresAt });
  return { token, csrfToken, expiresAt };
}

/** Sliding expiry, written at most once a minute per session to spare the database. */
export async function touchSession(db: Executor, id: string, lastSeenAt: Date, ttlMinutes: number) {
  if (Date.now() - lastSeenAt.getTime() < 60_000) return;
  await db
    .update(sessions)
    .set({ lastSeenAt: new Date(), expiresAt: new Date(Date.now() + ttlMinutes * 60_000) })
    .where(eq(sessions.id, id));
}

export async function deleteSession(db: Executor, token: string) {
  await db.delete(sessions).where(eq(sessions.id, digest(token)));
}

/** Ends every session of a user, except `keepId` (the one changing the password) when given. */
export async function deleteUserSessions(db: Executor, userId: number, keepId?: string) {
  await db
    .delete(sessions)
    .where(keepId ? and(eq(sessions.userId, userId), ne(sessions.id, keepId)) : eq(sessions.userId, userId));
}
