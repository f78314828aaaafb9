import { and, desc, eq, gte, ilike, lt, sql, type SQL } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../app.js';
import { requireAny } from '../../platform/access/access.js';
import { auditEvents } from '../../platform/audit/audit.table.js';
import { verifyAuditChain } from '../../platform/audit/audit.js';
import { requireUser } from '../../platform/auth/plugin.js';
import { listOf, ZPageQuery } from '../../platform/schemas.js';
import { likeText } from '../orgs/orgs.repo.js';

const ZAuditEvent = z.object({
  id: z.number(),
  at: z.string(),
  actorId: z.number().nullable(),
  actorName: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  orgId: z.number().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
  hash: z.string(),
});

const ZAuditQuery = ZPageQuery.extend({
  actor: z.string().trim().max(64).optional(),
  action: z.string().trim().max(64).optional(),
  entityType: z.string().trim().max(64).optional(),
  entityId: z.string().trim().max(64).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});

export const auditRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    // The audit log is the auditor's alone (安全审计员): read-only, no route changes it.
    app.get(
      '/api/v1/audit',
      { schema: { tags: ['audit'], querystring: ZAuditQuery, response: { 200: listOf(ZAuditEvent) } } },
      async (req) => {
        requireAny(requireUser(req).actor, 'audit.read');
        const q = req.query;
        const conds: SQL[] = [];
        if (q.actor) conds.push(ilike(auditEvents.actorName, likeText(q.actor)));
        if (q.action) conds.push(ilike(auditEvents.action, `${q.action.replace(/[\\%_]/g, '\\$&')}%`));
        if (q.entityType) conds.push(eq(auditEvents.entityType, q.entityType));
        if (q.entityId) conds.push(eq(auditEvents.entityId, q.entityId));
        // Dates are days in Asia/Shanghai.
        if (q.from)
          conds.push(gte(auditEvents.at, sql`(${q.from}::date)::timestamp at time zone 'Asia/Shanghai'`));
        if (q.to)
          conds.push(lt(auditEvents.at, sql`(${q.to}::date + 1)::timestamp at time zone 'Asia/Shanghai'`));
        const rows = await db
          .select({
            id: auditEvents.id,
            at: auditEvents.at,
            actorId: auditEvents.actorId,
            actorName: auditEvents.actorName,
            action: auditEvents.action,
            entityType: auditEvents.entityType,
            entityId: auditEvents.entityId,
            orgId: auditEvents.orgId,
            before: auditEvents.before,
            after: auditEvents.after,
            requestId: auditEvents.requestId,
            ip: auditEvents.ip,
            hash: auditEvents.hash,
            total: sql<number>`count(*) over()`.mapWith(Number),
          })
          .from(auditEvents)
          .where(conds.length ? and(...conds) : undefined)
          .orderBy(desc(auditEvents.id))
          .limit(q.pageSize)
          .offset((q.page - 1) * q.pageSize);
        return {
          items: rows.map(({ total: _t, at, ...r }) => ({ ...r, at: new Date(at).toISOString() })),
          total: rows[0]?.total ?? 0,
        };
      },
    );
    app.get(
      '/api/v1/audit/verify',
      {
        schema: {
          tags: ['audit'],
          response: {
            200: z.object({
              ok: z.boolean(),
              checked: z.number(),
              brokenAt: z.number().optional(),
              reason: z.string().optional(),
            }),
          },
        },
      },
      async (req) => {
        requireAny(requireUser(req).actor, 'audit.read');
        return verifyAuditChain(db);
      },
    );
  };
