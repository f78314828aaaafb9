import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../app.js';
import { loadActor } from '../access/load-actor.js';
import { AppError, unauthenticated } from '../errors.js';
import { SharedRateLimiter } from '../rate-limit.js';
import { changePassword, describeMe, login, logout, updateMe } from './auth.service.js';
import { requireUser } from './plugin.js';
import { SESSION_COOKIE } from './sessions.js';

const ZRef = z.object({ orgId: z.number(), orgName: z.string() });
export const ZMe = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  orgId: z.number().nullable(),
  orgName: z.string().nullable(),
  locale: z.enum(['zh-CN', 'en-US']),
  mustChangePassword: z.boolean(),
  grants: z.array(ZRef.extend({ grantId: z.number(), roleCode: z.string(), roleName: z.string() })),
  supervised: z.array(ZRef.extend({ groupId: z.number(), groupName: z.string() })),
  abilities: z.array(z.string()),
  scopeRoots: z.array(ZRef),
});

const ZOk = z.object({ ok: z.literal(true) });

export const authRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    // in the database, so that several instances behind one proxy allow an address 30 attempts a minute in all
    const loginLimiter = new SharedRateLimiter('login', 30, 60_000);
    const cookieOpts = (expires: Date) => ({
      path: '/',
      httpOnly: true,
      sameSite: 'lax' as const,
      secure: deps.config.secureCookies,
      expires,
    });

    app.get(
      '/api/v1/auth/csrf',
      { schema: { tags: ['auth'], response: { 200: z.object({ token: z.string() }) } } },
      async (req) => {
        if (!req.auth) throw unauthenticated();
        return { token: req.auth.csrfToken };
      },
    );

    app.post(
      '/api/v1/auth/login',
      {
        schema: {
          tags: ['auth'],
          body: z.object({
            username: z.string().trim().min(1).max(64),
            password: z.string().min(1).max(256),
          }),
          response: { 200: z.object({ user: ZMe, csrfToken: z.string() }) },
        },
      },
      async (req, reply) => {
        if (!(await loginLimiter.take(deps.db, req.ip))) throw new AppError('RATE_LIMITED', 429);
        const s = await login(deps.db, {
          ...req.body,
          ip: req.ip,
          requestId: req.id,
          oldToken: req.cookies[SESSION_COOKIE],
        });
        reply.setCookie(SESSION_COOKIE, s.token, cookieOpts(s.expiresAt));
        const actor = await loadActor(deps.db, s.userId);
        if (!actor) throw new AppError('BAD_LOGIN', 401);
        const user = await describeMe(deps.db, actor, {
          mustChangePassword: !deps.config.demo && s.mustChangePassword,
        });
        return { user, csrfToken: s.csrfToken };
      },
    );

    app.post(
      '/api/v1/auth/logout',
      { schema: { tags: ['auth'], response: { 200: ZOk } } },
      async (req, reply) => {
        const ctx = requireUser(req);
        await logout(deps.db, ctx, req.cookies[SESSION_COOKIE] ?? '');
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return { ok: true as const };
      },
    );

    app.get('/api/v1/auth/me', { schema: { tags: ['auth'], response: { 200: ZMe } } }, async (req) => {
      const ctx = requireUser(req);
      return describeMe(deps.db, ctx.actor, { mustChangePassword: req.auth?.mustChangePassword ?? false });
    });

    app.patch(
      '/api/v1/auth/me',
      {
        schema: {
          tags: ['auth'],
          body: z.object({
            displayName: z.string().trim().min(1).max(64).optional(),
            locale: z.enum(['zh-CN', 'en-US']).optional(),
          }),
          response: { 200: ZMe },
        },
      },
      async (req) => {
        const ctx = requireUser(req);
        await updateMe(deps.db, ctx, req.body);
        const actor = { ...ctx.actor, displayName: req.body.displayName ?? ctx.actor.displayName };
        return describeMe(deps.db, actor, { mustChangePassword: req.auth?.mustChangePassword ?? false });
      },
    );

    app.post(
      '/api/v1/auth/password',
      {
        schema: {
          tags: ['auth'],
          body: z.object({
            currentPassword: z.string().min(1).max(256),
            newPassword: z.string().min(1).max(256),
          }),
          response: { 200: ZOk },
        },
      },
      async (req) => {
        const ctx = requireUser(req);
        await changePassword(deps.db, ctx, { ...req.body, keepSessionId: req.auth?.sessionId ?? '' });
        return { ok: true as const };
      },
    );
  };
