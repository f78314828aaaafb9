import { and, asc, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../app.js';
import type { Db, Executor } from '../../db/client.js';
import { inSubtree, requireAt, requireVisible, scopeSql } from '../../platform/access/access.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { requireUser } from '../../platform/auth/plugin.js';
import type { Ctx } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { listOf, ZId, ZIdParams } from '../../platform/schemas.js';
import { orgs } from '../orgs/orgs.table.js';
import { addEvent } from './problems.repo.js';
import { ZMeasureInput, type TMeasureInput } from './problems.schemas.js';
import { insertMeasures, readableProblems } from './problems.service.js';
import { problemGroups, problems } from './problems.table.js';

const ZGroup = z.object({
  id: z.number(),
  campaignId: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  title: z.string(),
  description: z.string(),
  problemCount: z.number(),
  unitCount: z.number(),
  version: z.number(),
});
const ZGroupDetail = ZGroup.extend({
  units: z.array(z.object({ orgId: z.number(), orgName: z.string(), count: z.number() })),
  problems: z.array(
    z.object({
      id: z.number(),
      number: z.string(),
      title: z.string(),
      orgName: z.string(),
      status: z.string(),
    }),
  ),
});
const ZGroupCreate = z.object({
  campaignId: ZId,
  orgId: ZId,
  title: z.string().trim().min(1, '请填写归类名称').max(200),
  description: z.string().trim().max(5000).optional(),
  problemIds: z.array(ZId).min(1, '请选择要归类的问题').max(5000),
});

const columns = {
  id: problemGroups.id,
  campaignId: problemGroups.campaignId,
  orgId: problemGroups.orgId,
  orgName: orgs.name,
  title: problemGroups.title,
  description: problemGroups.description,
  problemCount: sql<number>`(select count(*)::int from problems gp where gp.group_id = ${problemGroups.id})`,
  unitCount: sql<number>`(select count(distinct gp.org_id)::int from problems gp where gp.group_id = ${problemGroups.id})`,
  version: problemGroups.version,
};

async function findGroup(db: Executor, ctx: Ctx, id: number) {
  const [g] = await db
    .select({ ...columns, path: orgs.path })
    .from(problemGroups)
    .innerJoin(orgs, eq(orgs.id, problemGroups.orgId))
    .where(and(eq(problemGroups.id, id), scopeSql(ctx.actor, 'problem.read', orgs.path)));
  if (!g) throw notFound();
  return g;
}

async function groupDetail(db: Db, ctx: Ctx, id: number) {
  const { path: _p, ...g } = await findGroup(db, ctx, id);
  const list = await db
    .select({
      id: problems.id,
      number: problems.number,
      title: problems.title,
      orgId: problems.orgId,
      orgName: orgs.name,
      status: problems.status,
    })
    .from(problems)
    .innerJoin(orgs, eq(orgs.id, problems.orgId))
    .where(and(eq(problems.groupId, id), scopeSql(ctx.actor, 'problem.read', orgs.path)))
    .orderBy(asc(problems.seq));
  const units = new Map<number, { orgId: number; orgName: string; count: number }>();
  for (const p of list) {
    const u = units.get(p.orgId) ?? { orgId: p.orgId, orgName: p.orgName, count: 0 };
    u.count++;
    units.set(p.orgId, u);
  }
  return { ...g, units: [...units.values()], problems: list.map(({ orgId: _o, ...p }) => p) };
}

export async function createGroupIn(tx: Executor, ctx: Ctx, input: z.infer<typeof ZGroupCreate>) {
  const [org] = await tx.select().from(orgs).where(eq(orgs.id, input.orgId));
  requireVisible(ctx.actor, 'problem.read', org?.path);
  requireAt(ctx.actor, 'problem.write', org.path);
  const found = await readableProblems(tx, ctx, input.problemIds);
  const bad = input.problemIds.filter(
    (id) =>
      !found.some((p) => p.id === id && inSubtree(p.path, org.path) && p.campaignId === input.campaignId),
  );
  if (bad.length)
    throw new AppError('VALIDATION', 400, {}, [
      { field: 'problemIds', message: `问题不存在或不属于本单位及下级单位：${bad.join('、')}` },
    ]);
  const [g] = await tx
    .insert(problemGroups)
    .values({
      campaignId: input.campaignId,
      orgId: org.id,
      title: input.title,
      description: input.description ?? '',
      createdBy: ctx.actor.userId || null,
    })
    .returning({ id: problemGroups.id });
  await tx.update(problems).set({ groupId: g.id }).where(inArray(problems.id, input.problemIds));
  await recordAudit(tx, ctx, {
    action: 'problem_group.create',
    entityType: 'problem_group',
    entityId: g.id,
    orgId: org.id,
    after: input,
  });
  return g.id;
}

/** One measure issued to every open problem of the group, in one transaction. */
async function issueMeasure(db: Db, ctx: Ctx, id: number, m: TMeasureInput) {
  return db.transaction(async (tx) => {
    const g = await findGroup(tx, ctx, id);
    requireAt(ctx.actor, 'problem.write', g.path);
    const targets = await tx
      .select({ id: problems.id })
      .from(problems)
      .where(and(eq(problems.groupId, id), notInArray(problems.status, ['signed_off', 'cancelled'])));
    for (const p of targets) {
      await insertMeasures(tx, p.id, [m], id);
      await addEvent(tx, {
        problemId: p.id,
        actorId: ctx.actor.userId,
        actorName: ctx.actor.displayName,
        action: 'measure_add',
        comment: `（问题归类“${g.title}”统一措施）${m.text}`,
      });
    }
    await recordAudit(tx, ctx, {
      action: 'problem_group.measure',
      entityType: 'problem_group',
      entityId: id,
      orgId: g.orgId,
      after: { ...m, problems: targets.length },
    });
    return { count: targets.length };
  });
}

/** 问题归类: systemic problems grouped by an upper unit. */
export const groupRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    const tags = ['problems'];
    app.get(
      '/api/v1/problem-groups',
      {
        schema: {
          tags,
          querystring: z.object({ campaignId: ZId.optional() }),
          response: { 200: listOf(ZGroup) },
        },
      },
      async (req) => {
        const ctx = requireUser(req);
        const items = await db
          .select(columns)
          .from(problemGroups)
          .innerJoin(orgs, eq(orgs.id, problemGroups.orgId))
          .where(
            and(
              scopeSql(ctx.actor, 'problem.read', orgs.path),
              req.query.campaignId ? eq(problemGroups.campaignId, req.query.campaignId) : undefined,
            ),
          )
          .orderBy(asc(problemGroups.id))
          .limit(500);
        return { items, total: items.length };
      },
    );
    app.post(
      '/api/v1/problem-groups',
      { schema: { tags, body: ZGroupCreate, response: { 201: ZGroupDetail } } },
      async (req, reply) => {
        const ctx = requireUser(req);
        const id = await db.transaction((tx) => createGroupIn(tx, ctx, req.body));
        return reply.status(201).send(await groupDetail(db, ctx, id));
      },
    );
    app.get(
      '/api/v1/problem-groups/:id',
      { schema: { tags, params: ZIdParams, response: { 200: ZGroupDetail } } },
      async (req) => groupDetail(db, requireUser(req), req.params.id),
    );
    app.post(
      '/api/v1/problem-groups/:id/measures',
      {
        schema: {
          tags,
          params: ZIdParams,
          body: ZMeasureInput,
          response: { 200: z.object({ count: z.number() }) },
        },
      },
      async (req) => issueMeasure(db, requireUser(req), req.params.id, req.body),
    );
  };
