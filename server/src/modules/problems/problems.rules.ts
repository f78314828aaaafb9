import { and, asc, eq, ilike, inArray, sql, type SQL } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../app.js';
import type { Db, Executor } from '../../db/client.js';
import { inSubtree, requireAt, requireVisible, scopeSql } from '../../platform/access/access.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { requireUser } from '../../platform/auth/plugin.js';
import type { Ctx } from '../../platform/context.js';
import { AppError, notFound, versionConflict } from '../../platform/errors.js';
import { listOf, ZId, ZIdParams, ZPageQuery, ZVersion } from '../../platform/schemas.js';
import { likeText } from '../orgs/orgs.repo.js';
import { orgs } from '../orgs/orgs.table.js';
import { ZDate } from './problems.schemas.js';
import { readableProblems } from './problems.service.js';
import { refreshLedgerRows } from './problems.ledger-rows.js';
import { problems, ruleProblems, rules } from './problems.table.js';

const ZRule = z.object({
  id: z.number(),
  campaignId: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  title: z.string(),
  issuedOn: z.string().nullable(),
  docNumber: z.string(),
  body: z.string(),
  fileName: z.string().nullable(),
  problemCount: z.number(),
  version: z.number(),
});
const ZRuleDetail = ZRule.extend({
  problems: z.array(z.object({ id: z.number(), number: z.string(), title: z.string(), status: z.string() })),
});
const ZRuleCreate = z.object({
  campaignId: ZId,
  orgId: ZId,
  title: z.string().trim().min(1, '请填写制度名称').max(200),
  issuedOn: ZDate.nullish(),
  docNumber: z.string().trim().max(100).optional(),
  body: z.string().trim().max(20000).optional(),
  problemIds: z.array(ZId).max(500).optional(),
});
const ZRuleLinks = z.object({ version: ZVersion, problemIds: z.array(ZId).min(1).max(500) });
const ZRuleQuery = ZPageQuery.extend({
  campaignId: ZId.optional(),
  orgId: ZId.optional(),
  q: z.string().trim().max(100).optional(),
});

const columns = {
  id: rules.id,
  campaignId: rules.campaignId,
  orgId: rules.orgId,
  orgName: orgs.name,
  title: rules.title,
  issuedOn: rules.issuedOn,
  docNumber: rules.docNumber,
  body: rules.body,
  fileName: rules.fileName,
  problemCount: sql<number>`(select count(*)::int from rule_problems rp where rp.rule_id = ${rules.id})`,
  version: rules.version,
};

async function findRule(db: Executor, ctx: Ctx, id: number) {
  const [r] = await db
    .select({ ...columns, path: orgs.path })
    .from(rules)
    .innerJoin(orgs, eq(orgs.id, rules.orgId))
    .where(and(eq(rules.id, id), scopeSql(ctx.actor, 'problem.read', orgs.path)));
  if (!r) throw notFound();
  return r;
}

/** Links problems to a rule: each must be readable and belong to the rule's unit or a unit below it. */
async function linkProblems(tx: Executor, ctx: Ctx, rule: { id: number; path: string }, ids: number[]) {
  const found = await readableProblems(tx, ctx, ids);
  const bad = ids.filter((id) => !found.some((p) => p.id === id && inSubtree(p.path, rule.path)));
  if (bad.length)
    throw new AppError('VALIDATION', 400, {}, [
      { field: 'problemIds', message: `问题不存在或不属于本单位及下级单位：${bad.join('、')}` },
    ]);
  await tx
    .insert(ruleProblems)
    .values(ids.map((problemId) => ({ ruleId: rule.id, problemId })))
    .onConflictDoNothing();
  await refreshLedgerRows(tx, ids);
}

export async function createRuleIn(tx: Executor, ctx: Ctx, input: z.infer<typeof ZRuleCreate>) {
  const [org] = await tx.select().from(orgs).where(eq(orgs.id, input.orgId));
  requireVisible(ctx.actor, 'problem.read', org?.path);
  requireAt(ctx.actor, 'problem.write', org.path);
  const [row] = await tx
    .insert(rules)
    .values({
      campaignId: input.campaignId,
      orgId: org.id,
      title: input.title,
      issuedOn: input.issuedOn ?? null,
      docNumber: input.docNumber ?? '',
      body: input.body ?? '',
      createdBy: ctx.actor.userId || null,
    })
    .returning({ id: rules.id });
  if (input.problemIds?.length) await linkProblems(tx, ctx, { id: row.id, path: org.path }, input.problemIds);
  await recordAudit(tx, ctx, {
    action: 'rule.create',
    entityType: 'rule',
    entityId: row.id,
    orgId: org.id,
    after: input,
  });
  return row.id;
}

async function ruleDetail(db: Db, ctx: Ctx, id: number) {
  const { path: _p, ...rule } = await findRule(db, ctx, id);
  const linked = await db
    .select({ id: problems.id, number: problems.number, title: problems.title, status: problems.status })
    .from(ruleProblems)
    .innerJoin(problems, eq(problems.id, ruleProblems.problemId))
    .innerJoin(orgs, eq(orgs.id, problems.orgId))
    .where(and(eq(ruleProblems.ruleId, id), scopeSql(ctx.actor, 'problem.read', orgs.path)))
    .orderBy(asc(problems.seq));
  return { ...rule, problems: linked };
}

/** 建章立制: rules and systems adopted, and the problems they address. */
export const ruleRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    const tags = ['rules'];
    app.get(
      '/api/v1/rules',
      { schema: { tags, querystring: ZRuleQuery, response: { 200: listOf(ZRule) } } },
      async (req) => {
        const ctx = requireUser(req);
        const q = req.query;
        const conds: SQL[] = [scopeSql(ctx.actor, 'problem.read', orgs.path)];
        if (q.campaignId) conds.push(eq(rules.campaignId, q.campaignId));
        if (q.orgId) conds.push(sql`${orgs.path} <@ (select op.path from orgs op where op.id = ${q.orgId})`);
        if (q.q) conds.push(ilike(rules.title, likeText(q.q)));
        const rows = await db
          .select({ ...columns, total: sql<number>`count(*) over()`.mapWith(Number) })
          .from(rules)
          .innerJoin(orgs, eq(orgs.id, rules.orgId))
          .where(and(...conds))
          .orderBy(asc(rules.id))
          .limit(q.pageSize)
          .offset((q.page - 1) * q.pageSize);
        return { items: rows.map(({ total: _t, ...r }) => r), total: rows[0]?.total ?? 0 };
      },
    );
    app.post(
      '/api/v1/rules',
      { schema: { tags, body: ZRuleCreate, response: { 201: ZRuleDetail } } },
      async (req, reply) => {
        const ctx = requireUser(req);
        const id = await db.transaction((tx) => createRuleIn(tx, ctx, req.body));
        return reply.status(201).send(await ruleDetail(db, ctx, id));
      },
    );
    app.get(
      '/api/v1/rules/:id',
      { schema: { tags, params: ZIdParams, response: { 200: ZRuleDetail } } },
      async (req) => ruleDetail(db, requireUser(req), req.params.id),
    );
    app.post(
      '/api/v1/rules/:id/links',
      { schema: { tags, params: ZIdParams, body: ZRuleLinks, response: { 200: ZRuleDetail } } },
      async (req) => {
        const ctx = requireUser(req);
        await db.transaction(async (tx) => {
          const rule = await findRule(tx, ctx, req.params.id);
          requireAt(ctx.actor, 'problem.write', rule.path);
          const [locked] = await tx.select().from(rules).where(eq(rules.id, rule.id)).for('update');
          if (locked.version !== req.body.version) throw versionConflict();
          await linkProblems(tx, ctx, rule, req.body.problemIds);
          await tx
            .update(rules)
            .set({ version: sql`${rules.version} + 1`, updatedAt: new Date() })
            .where(eq(rules.id, rule.id));
          await tx
            .update(problems)
            .set({ lastProgressAt: new Date() })
            .where(inArray(problems.id, req.body.problemIds));
          await recordAudit(tx, ctx, {
            action: 'rule.link',
            entityType: 'rule',
            entityId: rule.id,
            orgId: rule.orgId,
            after: { problemIds: req.body.problemIds },
          });
        });
        return ruleDetail(db, ctx, req.params.id);
      },
    );
  };
