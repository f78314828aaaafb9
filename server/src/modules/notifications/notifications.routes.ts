import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../app.js';
import { requireUser } from '../../platform/auth/plugin.js';
import { listOf, ZBoolQuery, ZId, ZPageQuery } from '../../platform/schemas.js';
import * as svc from './notifications.service.js';

const tags = ['inbox'];
const ZInboxItem = z.object({
  id: z.number(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string(),
  readAt: z.string().nullable(),
  createdAt: z.string(),
});
const ZUnread = z.object({ unread: z.number() });

export const inboxRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    app.get(
      '/api/v1/inbox',
      {
        schema: {
          tags,
          querystring: ZPageQuery.extend({ unread: ZBoolQuery.optional() }),
          response: { 200: listOf(ZInboxItem) },
        },
      },
      async (req) => svc.listInbox(db, requireUser(req), req.query),
    );
    app.get('/api/v1/inbox/unread-count', { schema: { tags, response: { 200: ZUnread } } }, async (req) =>
      svc.unreadCount(db, requireUser(req)),
    );
    app.post(
      '/api/v1/inbox/read',
      {
        schema: {
          tags,
          body: z.object({ ids: z.array(ZId).min(1).max(500) }),
          response: { 200: ZUnread },
        },
      },
      async (req) => svc.markRead(db, requireUser(req), req.body.ids),
    );
  };
