import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { can, requireAt } from '../../platform/access/access.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { now } from '../../platform/clock.js';
import type { Ctx } from '../../platform/context.js';
import { AppError, invalid, notFound, versionConflict } from '../../platform/errors.js';
import { createProblemIn } from '../problems/problems.service.js';
import { problems } from '../problems/problems.table.js';
import { addEvent, orgById } from './opinions.repo.js';
import { getOpinion } from './opinions.service.js';
import { opinions } from './opinions.table.js';

type Flag = 'publish' | 'unreasonable' | 'hide';

/**
 * The dispatcher's decisions beside the state machine: publishing an answer (only with the submitter's consent),
 * marking an opinion unreasonable so it does not count against the unit, hiding abuse. Reasons are required
 * where the public or the unit would ask why; every change is audited.
 */
export async function setFlag(
  db: Db,
  ctx: Ctx,
  id: number,
  flag: Flag,
  b: { version: number; on: boolean; reason?: string },
) {
  await getOpinion(db, ctx, id); // 404 outside scope
  await db.transaction(async (tx) => {
    const [o] = await tx.select().from(opinions).where(eq(opinions.id, id)).for('update');
    if (!o) throw notFound();
    const dispatch = await orgById(tx, o.dispatchOrgId);
    requireAt(ctx.actor, 'opinion.dispatch', dispatch?.path ?? '');
    if (o.version !== b.version) throw versionConflict();
    const reason = b.reason?.trim() ?? '';
    if (b.on && flag !== 'publish' && reason.length < 2)
      throw invalid([{ field: 'reason', message: flag === 'hide' ? '请填写隐藏理由' : '请填写认定理由' }]);
    if (flag === 'publish' && b.on) {
      if (!o.agreePublic) throw invalid([{ field: 'publish', message: '群众未同意公开，不能公开答复' }]);
      if (!o.answer) throw invalid([{ field: 'publish', message: '尚未答复，不能公开' }]);
    }
    const patch =
      flag === 'publish'
        ? { answerPublished: b.on }
        : flag === 'unreasonable'
          ? { unreasonable: b.on, unreasonableReason: b.on ? reason : null }
          : { hidden: b.on, hiddenReason: b.on ? reason : null };
    await tx
      .update(opinions)
      .set({ ...patch, updatedAt: now(), version: o.version + 1 })
      .where(eq(opinions.id, o.id));
    const action = `${b.on ? '' : 'un'}${flag}`;
    await addEvent(tx, {
      opinionId: o.id,
      actorId: ctx.actor.userId,
      actorName: ctx.actor.displayName,
      action,
      orgId: o.orgId,
      comment: reason,
    });
    await recordAudit(tx, ctx, {
      action: `opinion.${action}`,
      entityType: 'opinion',
      entityId: o.id,
      orgId: o.orgId ?? o.dispatchOrgId,
      before: { answerPublished: o.answerPublished, unreasonable: o.unreasonable, hidden: o.hidden },
      after: { ...patch, reason },
    });
  });
  return getOpinion(db, ctx, id);
}

/**
 * An opinion that exposes a real problem becomes a ledger problem (source 群众提) in one step, through the
 * problems service, linked both ways: the problem's links carry the opinion, the opinion carries the problem.
 */
export async function toProblem(
  db: Db,
  ctx: Ctx,
  id: number,
  b: { version: number; campaignId: number; title: string; category: string; deadline: string },
) {
  const view = await getOpinion(db, ctx, id);
  if (!view.orgId) throw invalid([{ field: 'orgId', message: '请先派单到承办单位，再转为问题' }]);
  if (view.problemId) throw new AppError('DUPLICATE', 409, { what: '关联问题' });
  await db.transaction(async (tx) => {
    const [o] = await tx.select().from(opinions).where(eq(opinions.id, id)).for('update');
    if (o.version !== b.version) throw versionConflict();
    const org = await orgById(tx, o.orgId ?? 0);
    if (!org || !(can(ctx.actor, 'opinion.handle', org.path) || can(ctx.actor, 'opinion.dispatch', org.path)))
      throw notFound();
    const created = await createProblemIn(
      tx,
      ctx,
      {
        campaignId: b.campaignId,
        orgId: org.id,
        title: b.title,
        manifestation: o.text,
        category: b.category,
        source: 'public',
        deadline: b.deadline,
        open: true,
      },
      { links: [{ kind: 'opinion', id: o.id }] },
    );
    await tx
      .update(opinions)
      .set({ problemId: created.id, updatedAt: now(), version: o.version + 1 })
      .where(and(eq(opinions.id, o.id), eq(opinions.version, o.version)));
    await addEvent(tx, {
      opinionId: o.id,
      actorId: ctx.actor.userId,
      actorName: ctx.actor.displayName,
      action: 'to_problem',
      orgId: o.orgId,
      comment: `转为问题${created.number}`,
    });
    await recordAudit(tx, ctx, {
      action: 'opinion.to_problem',
      entityType: 'opinion',
      entityId: o.id,
      orgId: o.orgId,
      after: { problemId: created.id, number: created.number },
    });
  });
  return getOpinion(db, ctx, id);
}

/** Problems linked from opinions (used by the tests and the problem page). */
export const problemLinkedTo = async (db: Db, opinionId: number) =>
  db
    .select({ id: problems.id, links: problems.links, source: problems.source })
    .from(problems)
    .where(sql`${problems.links} @> ${JSON.stringify([{ kind: 'opinion', id: opinionId }])}::jsonb`);
