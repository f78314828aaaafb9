import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireAny } from '../../platform/access/access.js';
import { requireUser } from '../../platform/auth/plugin.js';
import type { Deps } from '../../app.js';
import { getSecurity, updateSecurity, ZSecuritySettings } from './settings.service.js';

const ZSecurityOut = ZSecuritySettings.extend({ version: z.number().int() });

export const settingsRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/v1/settings/security',
      { schema: { tags: ['settings'], response: { 200: ZSecurityOut } } },
      async (req) => {
        const ctx = requireUser(req);
        requireAny(ctx.actor, 'security.manage');
        return getSecurity(deps.db);
      },
    );
    app.put(
      '/api/v1/settings/security',
      {
        schema: {
          tags: ['settings'],
          body: ZSecuritySettings.extend({ version: z.number().int().min(0) }),
          response: { 200: ZSecurityOut },
        },
      },
      async (req) => updateSecurity(deps.db, requireUser(req), req.body),
    );
  };
