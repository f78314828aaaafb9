import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.js';
import type { Actor } from '../access/access.js';
import { loadSessionActor } from '../access/load-actor.js';
import { coalescerOf } from '../coalesce.js';
import type { Ctx } from '../context.js';
import { AppError, unauthenticated } from '../errors.js';
import { pickLocale } from '../i18n.js';
import { SESSION_COOKIE, sessionIdOf, touchSession } from './sessions.js';

export interface RequestAuth {
  sessionId: string;
  csrfToken: string;
  actor: Actor;
  mustChangePassword: boolean;
  locale: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: RequestAuth | null;
  }
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Routes a user who must change the initial password may still call. */
const ALLOWED_BEFORE_CHANGE = new Set([
  '/api/v1/auth/me',
  '/api/v1/auth/password',
  '/api/v1/auth/logout',
  '/api/v1/auth/csrf',
]);

/** Writes that act without the session (signing in, the public side), so need no CSRF token. */
const CSRF_EXEMPT = /^\/api\/v1\/(auth\/login|public\/)/;

export function installAuth(app: FastifyInstance, db: Db, opts: { ttlMinutes: () => number; demo: boolean }) {
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/v1/')) return;
    const token = req.cookies[SESSION_COOKIE];
    if (!token) return;
    // one query for the session, the user and the actor; concurrent requests of one session share it
    const id = sessionIdOf(token);
    const session = await coalescerOf(db).run(`session:${id}`, () => loadSessionActor(db, id));
    if (!session) return;
    await touchSession(db, session.sessionId, session.lastSeenAt, opts.ttlMinutes());
    req.auth = {
      sessionId: session.sessionId,
      csrfToken: session.csrfToken,
      actor: session.actor,
      mustChangePassword: !opts.demo && session.mustChangePassword,
      locale: session.locale,
    };
    // CSRF for every write made with a session, before the body is even parsed: a route cannot forget it.
    if (
      MUTATING.has(req.method) &&
      !CSRF_EXEMPT.test(req.url) &&
      req.headers['x-csrf-token'] !== session.csrfToken
    ) {
      throw new AppError('CSRF', 403);
    }
  });
}

/** The route's first call: the caller's context, or 401; checks CSRF on writes and the forced password change. */
export function requireUser(req: FastifyRequest): Ctx {
  const auth = req.auth;
  if (!auth) throw unauthenticated();
  if (MUTATING.has(req.method) && req.headers['x-csrf-token'] !== auth.csrfToken) {
    throw new AppError('CSRF', 403);
  }
  const path = req.routeOptions.url ?? req.url;
  if (auth.mustChangePassword && !ALLOWED_BEFORE_CHANGE.has(path)) {
    throw new AppError('PASSWORD_CHANGE_REQUIRED', 403);
  }
  return {
    actor: auth.actor,
    requestId: req.id,
    ip: req.ip,
    locale: pickLocale(req.headers['accept-language']),
  };
}
