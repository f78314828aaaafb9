import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, Executor } from '../../db/client.js';
import {
  can,
  inSubtree,
  requireAt,
  requireVisible,
  scopeRoots,
  scopeSql,
} from '../../platform/access/access.js';
import { recordAudit } from '../../platform/audit/audit.js';
import type { Ctx } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { campaignItems, campaigns } from '../campaigns/campaigns.table.js';
import { orgs } from '../orgs/orgs.table.js';
import { createProblemIn } from '../problems/problems.service.js';
import type { TAnswersSave, ZChecklist, ZRoundCreate } from './inspections.schemas.js';
import { inspectionAnswers, inspectionRounds } from './inspections.table.js';

const roundColumns = {
  id: inspectionRounds.id,
  campaignId: inspectionRounds.campaignId,
  orgId: inspectionRounds.orgId,
  orgName: orgs.name,
  kind: inspectionRounds.kind,
  title: inspectionRounds.title,
  status: inspectionRounds.status,
  participants: sql<number>`(select count(distinct a.user_id)::int from inspection_answers a where a.round_id = ${inspectionRounds.id})`,
  submitted: sql<number>`(select count(distinct a.user_id)::int from inspection_answers a where a.round_id = ${inspectionRounds.id} and a.status = 'submitted')`,
  version: inspectionRounds.version,
};

export async function listRounds(db: Db, ctx: Ctx, q: { campaignId?: number; orgId?: number }) {
  const items = await db
    .select(roundColumns)
    .from(inspectionRounds)
    .innerJoin(orgs, eq(orgs.id, inspectionRounds.orgId))
    .where(
      and(
        scopeSql(ctx.actor, 'problem.read', orgs.path),
        q.campaignId ? eq(inspectionRounds.campaignId, q.campaignId) : undefined,
        q.orgId ? sql`${orgs.path} <@ (select op.path from orgs op where op.id = ${q.orgId})` : undefined,
      ),
    )
    .orderBy(asc(inspectionRounds.id))
    .limit(500);
  return { items, total: items.length };
}

async function findRound(db: Executor, ctx: Ctx, id: number) {
  const [r] = await db
    .select({ ...roundColumns, path: orgs.path })
    .from(inspectionRounds)
    .innerJoin(orgs, eq(orgs.id, inspectionRounds.orgId))
    .where(and(eq(inspectionRounds.id, id), scopeSql(ctx.actor, 'problem.read', orgs.path)));
  if (!r) throw notFound();
  return r;
}

export async function createRound(db: Db, ctx: Ctx, input: z.infer<typeof ZRoundCreate>) {
  const id = await db.transaction(async (tx) => {
    const [org] = await tx.select().from(orgs).where(eq(orgs.id, input.orgId));
    requireVisible(ctx.actor, 'problem.read', org?.path);
    requireAt(ctx.actor, 'problem.write', org.path);
    const [c] = await tx
      .select({ id: campaigns.id })
      .from(campaigns)
      .where(eq(campaigns.id, input.campaignId));
    if (!c) throw new AppError('VALIDATION', 400, {}, [{ field: 'campaignId', message: '活动不存在' }]);
    const [r] = await tx
      .insert(inspectionRounds)
      .values({ ...input, createdBy: ctx.actor.userId || null })
      .returning({ id: inspectionRounds.id });
    await recordAudit(tx, ctx, {
      action: 'inspection.create',
      entityType: 'inspection_round',
      entityId: r.id,
      orgId: org.id,
      after: input,
    });
    return r.id;
  });
  return getRound(db, ctx, id);
}

const answerColumns = {
  id: inspectionAnswers.id,
  userId: inspectionAnswers.userId,
  userName: inspectionAnswers.userName,
  itemId: inspectionAnswers.itemId,
  gap: inspectionAnswers.gap,
  manifestation: inspectionAnswers.manifestation,
  isProblem: inspectionAnswers.isProblem,
  problemId: inspectionAnswers.problemId,
  status: inspectionAnswers.status,
  returnComment: inspectionAnswers.returnComment,
};

export async function getRound(db: Executor, ctx: Ctx, id: number) {
  const { path, ...round } = await findRound(db, ctx, id);
  const items = await db
    .select({
      id: campaignItems.id,
      seq: campaignItems.seq,
      title: campaignItems.title,
      detail: campaignItems.detail,
    })
    .from(campaignItems)
    .where(and(eq(campaignItems.campaignId, round.campaignId), eq(campaignItems.kind, 'checklist')))
    .orderBy(asc(campaignItems.seq));
  const canManage = can(ctx.actor, 'problem.write', path);
  const all = await db
    .select(answerColumns)
    .from(inspectionAnswers)
    .where(eq(inspectionAnswers.roundId, id))
    .orderBy(asc(inspectionAnswers.userId), asc(inspectionAnswers.itemId));
  return {
    ...round,
    items,
    mine: all.filter((a) => a.userId === ctx.actor.userId),
    answers: canManage ? all : [],
    canAnswer: round.status === 'open' && can(ctx.actor, 'inspection.answer', path),
    canManage,
  };
}

const deadlineIn = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Saves the caller's answers; with `submit`, locks them and turns every finding marked as a problem into a ledger
 * problem (source 自己找, category = the item) in the same transaction, linked back to the answer.
 */
export async function saveAnswers(db: Db, ctx: Ctx, roundId: number, input: TAnswersSave) {
  await db.transaction(async (tx) => {
    const round = await findRound(tx, ctx, roundId);
    requireAt(ctx.actor, 'inspection.answer', round.path);
    if (round.status !== 'open') throw new AppError('ANSWER_LOCKED', 409);
    const items = await tx
      .select({ id: campaignItems.id, title: campaignItems.title })
      .from(campaignItems)
      .where(and(eq(campaignItems.campaignId, round.campaignId), eq(campaignItems.kind, 'checklist')));
    const fields = input.answers.flatMap((a, i) => [
      ...(items.some((it) => it.id === a.itemId)
        ? []
        : [{ field: `answers.${i}.itemId`, message: '检视项目不存在' }]),
      ...(a.isProblem && !a.gap
        ? [{ field: `answers.${i}.gap`, message: '标记为问题的须填写查摆出的差距' }]
        : []),
    ]);
    if (fields.length) throw new AppError('VALIDATION', 400, {}, fields);
    const existing = await tx
      .select()
      .from(inspectionAnswers)
      .where(and(eq(inspectionAnswers.roundId, roundId), eq(inspectionAnswers.userId, ctx.actor.userId)));
    const [campaign] = await tx
      .select({ endsOn: campaigns.endsOn })
      .from(campaigns)
      .where(eq(campaigns.id, round.campaignId));
    const now = new Date();
    for (const a of input.answers) {
      const prev = existing.find((e) => e.itemId === a.itemId);
      if (prev?.status === 'submitted') {
        // A form sends every answer again: unchanged submitted answers pass, changed ones are locked.
        const same =
          prev.gap === a.gap && prev.manifestation === a.manifestation && prev.isProblem === a.isProblem;
        if (same && input.submit) continue;
        throw new AppError('ANSWER_LOCKED', 409);
      }
      const values = {
        gap: a.gap,
        manifestation: a.manifestation,
        isProblem: a.isProblem,
        status: input.submit ? 'submitted' : 'draft',
        submittedAt: input.submit ? now : null,
        updatedAt: now,
      };
      let answerId: number;
      if (prev) {
        await tx.update(inspectionAnswers).set(values).where(eq(inspectionAnswers.id, prev.id));
        answerId = prev.id;
      } else {
        const [row] = await tx
          .insert(inspectionAnswers)
          .values({
            ...values,
            roundId,
            itemId: a.itemId,
            userId: ctx.actor.userId,
            userName: ctx.actor.displayName,
          })
          .returning({ id: inspectionAnswers.id });
        answerId = row.id;
      }
      if (input.submit && a.isProblem && !prev?.problemId) {
        const item = items.find((it) => it.id === a.itemId)!;
        const category = item.title.replace(/^查/, '');
        const deadline =
          campaign?.endsOn && campaign.endsOn > deadlineIn(7) ? campaign.endsOn : deadlineIn(60);
        const p = await createProblemIn(
          tx,
          ctx,
          {
            campaignId: round.campaignId,
            orgId: round.orgId,
            title: `${category}方面：${a.gap.slice(0, 60)}`,
            manifestation: a.manifestation || a.gap,
            category,
            checklistItemId: item.id,
            source: 'self',
            deadline,
            ownerUserId: ctx.actor.userId,
            personName: ctx.actor.displayName,
            open: true,
          },
          { links: [{ kind: 'inspection_answer', id: answerId }], event: 'inspection' },
        );
        await tx.update(inspectionAnswers).set({ problemId: p.id }).where(eq(inspectionAnswers.id, answerId));
      }
    }
    await recordAudit(tx, ctx, {
      action: input.submit ? 'inspection.submit' : 'inspection.save',
      entityType: 'inspection_round',
      entityId: roundId,
      orgId: round.orgId,
      after: input,
    });
  });
  return getRound(db, ctx, roundId);
}

export async function returnAnswer(db: Db, ctx: Ctx, answerId: number, comment: string) {
  const roundId = await db.transaction(async (tx) => {
    const [a] = await tx.select().from(inspectionAnswers).where(eq(inspectionAnswers.id, answerId));
    if (!a) throw notFound();
    const round = await findRound(tx, ctx, a.roundId);
    requireAt(ctx.actor, 'problem.write', round.path);
    if (a.status !== 'submitted')
      throw new AppError('VALIDATION', 400, {}, [{ field: 'id', message: '只能退回已提交的答卷' }]);
    await tx
      .update(inspectionAnswers)
      .set({
        status: 'returned',
        returnComment: comment,
        updatedAt: new Date(),
        version: sql`${inspectionAnswers.version} + 1`,
      })
      .where(eq(inspectionAnswers.id, answerId));
    await recordAudit(tx, ctx, {
      action: 'inspection.return',
      entityType: 'inspection_answer',
      entityId: answerId,
      orgId: round.orgId,
      after: { comment },
    });
    return a.roundId;
  });
  return getRound(db, ctx, roundId);
}

/** A campaign reaches the caller when its issuing org is inside the caller's scope or above a scope root. */
export async function campaignFor(db: Executor, ctx: Ctx, id: number) {
  const [c] = await db
    .select({ id: campaigns.id, path: orgs.path })
    .from(campaigns)
    .innerJoin(orgs, eq(orgs.id, campaigns.issuingOrgId))
    .where(eq(campaigns.id, id));
  const roots = scopeRoots(ctx.actor, 'campaign.read');
  if (!c || !roots.some((r) => inSubtree(c.path, r) || inSubtree(r, c.path))) throw notFound();
  return c;
}

export async function getChecklist(db: Db, ctx: Ctx, campaignId: number) {
  await campaignFor(db, ctx, campaignId);
  const items = await db
    .select({ title: campaignItems.title, detail: campaignItems.detail })
    .from(campaignItems)
    .where(and(eq(campaignItems.campaignId, campaignId), eq(campaignItems.kind, 'checklist')))
    .orderBy(asc(campaignItems.seq));
  return { items };
}

/** Replaces a campaign's checklist, item by item in order; items already answered cannot be removed. */
export async function putChecklist(db: Db, ctx: Ctx, campaignId: number, input: z.infer<typeof ZChecklist>) {
  await db.transaction(async (tx) => {
    const c = await campaignFor(tx, ctx, campaignId);
    requireAt(ctx.actor, 'checklist.manage', c.path);
    // One rewrite of a campaign's checklist at a time: two concurrent ones updated and deleted the same items in
    // different orders (a deadlock, found by the PostgreSQL fuzz), or each wrote over a list it read before the
    // other's. After the lock, the items below are read as the previous rewrite left them.
    await tx.execute(sql`select 1 from campaigns where id = ${campaignId} for update`);
    const current = await tx
      .select({ id: campaignItems.id, seq: campaignItems.seq })
      .from(campaignItems)
      .where(and(eq(campaignItems.campaignId, campaignId), eq(campaignItems.kind, 'checklist')))
      .orderBy(asc(campaignItems.seq));
    const removed = current.slice(input.items.length).map((x) => x.id);
    if (removed.length) {
      const [used] = await tx
        .select({ n: sql<number>`count(*)`.mapWith(Number) })
        .from(inspectionAnswers)
        .where(inArray(inspectionAnswers.itemId, removed));
      if (used.n > 0)
        throw new AppError('VALIDATION', 400, {}, [
          { field: 'items', message: '已有检视答卷的项目不能删除' },
        ]);
      await tx.delete(campaignItems).where(inArray(campaignItems.id, removed));
    }
    for (const [i, item] of input.items.entries()) {
      const at = current[i];
      if (at)
        await tx
          .update(campaignItems)
          .set({ ...item, updatedAt: new Date() })
          .where(eq(campaignItems.id, at.id));
      else await tx.insert(campaignItems).values({ campaignId, kind: 'checklist', seq: i + 1, ...item });
    }
    await recordAudit(tx, ctx, {
      action: 'checklist.update',
      entityType: 'campaign',
      entityId: campaignId,
      after: input,
    });
  });
  return getChecklist(db, ctx, campaignId);
}
