import { and, count, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client.js';
import { can, requireAt, scopeSql } from '../../platform/access/access.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { now } from '../../platform/clock.js';
import type { Ctx } from '../../platform/context.js';
import { AppError, invalid, notFound, versionConflict } from '../../platform/errors.js';
import { maskName, maskPhone } from '../../platform/masking.js';
import { offset } from '../../platform/schemas.js';
import { orgs } from '../orgs/orgs.table.js';
import {
  ACTION_ROLE,
  AT_DISPATCHER,
  OPEN_AT_UNIT,
  OPINION_ACTIONS,
  OPINION_STATE_LABELS,
  nextOpinionState,
  type OpinionAction,
  type OpinionState,
} from './opinions.machine.js';
import { addEvent, eventsOf, iso, notifyOrg, orgById } from './opinions.repo.js';
import { normalizeCode, opinionLight } from './opinions.rules.js';
import type { TOpinionDetail, TOpinionListQuery } from './opinions.schemas.js';
import { opinions, publicFiles } from './opinions.table.js';

type Row = typeof opinions.$inferSelect;

/** The org that decides visibility: the unit handling it, or the dispatching office while nobody is. */
const homeOrg = sql`coalesce(${opinions.orgId}, ${opinions.dispatchOrgId})`;

/**
 * Rows the actor may read, filtered in SQL: as dispatcher or handler over the home org; a unit also keeps
 * reading (without acting) what it sent back while it waits for the dispatcher.
 */
function scope(ctx: Ctx): SQL {
  return sql`(exists (select 1 from orgs h where h.id = ${homeOrg} and (${scopeSql(
    ctx.actor,
    'opinion.dispatch',
    sql`h.path`,
  )} or ${scopeSql(ctx.actor, 'opinion.handle', sql`h.path`)}))
    or (${opinions.status} = 'returned' and exists (select 1 from orgs r where r.id = ${opinions.returnedFromOrgId}
      and ${scopeSql(ctx.actor, 'opinion.handle', sql`r.path`)})))`;
}

function item(r: Row, orgName: string | null) {
  return {
    id: r.id,
    code: r.code,
    category: r.category,
    orgId: r.orgId,
    orgName,
    status: r.status as OpinionState,
    statusLabel: OPINION_STATE_LABELS[r.status as OpinionState],
    text: r.text,
    submittedAt: r.submittedAt.toISOString(),
    signDeadline: r.signDeadline.toISOString(),
    answerDeadline: r.answerDeadline.toISOString(),
    light: opinionLight(r, now()),
    reopenCount: r.reopenCount,
    unreasonable: r.unreasonable,
    hidden: r.hidden,
    rating: r.rating,
    version: r.version,
  };
}

export async function listOpinions(db: Db, ctx: Ctx, q: TOpinionListQuery) {
  const conds: SQL[] = [scope(ctx)];
  if (q.box === 'dispatch') {
    conds.push(inArray(opinions.status, [...AT_DISPATCHER]));
    conds.push(sql`exists (select 1 from orgs d where d.id = ${opinions.dispatchOrgId}
      and ${scopeSql(ctx.actor, 'opinion.dispatch', sql`d.path`)})`);
  }
  if (q.box === 'unit') {
    conds.push(inArray(opinions.status, [...OPEN_AT_UNIT, 'answered']));
    conds.push(sql`exists (select 1 from orgs u where u.id = ${opinions.orgId}
      and ${scopeSql(ctx.actor, 'opinion.handle', sql`u.path`)})`);
  }
  if (q.status) conds.push(eq(opinions.status, q.status));
  if (q.orgId)
    conds.push(sql`exists (select 1 from orgs u, orgs f where u.id = ${opinions.orgId} and f.id = ${q.orgId}
      and u.path <@ f.path)`);
  if (q.q) {
    const byText = ilike(opinions.text, `%${q.q.replace(/[%_\\]/g, '\\$&')}%`);
    const byCode = eq(opinions.code, normalizeCode(q.q));
    conds.push(or(byText, byCode) as SQL);
  }
  const where = and(...conds);
  const [{ total }] = await db.select({ total: count() }).from(opinions).where(where);
  const list = await db
    .select({ o: opinions, orgName: orgs.name })
    .from(opinions)
    .leftJoin(orgs, eq(orgs.id, opinions.orgId))
    .where(where)
    .orderBy(opinions.answerDeadline, desc(opinions.id))
    .limit(q.pageSize)
    .offset(offset(q));
  return { items: list.map((r) => item(r.o, r.orgName)), total };
}

/** The opinion if the actor may read it (404 otherwise), with the paths that decide who acts. */
async function visible(tx: Executor, ctx: Ctx, id: number) {
  const [r] = await tx
    .select({ o: opinions, orgName: orgs.name })
    .from(opinions)
    .leftJoin(orgs, eq(orgs.id, opinions.orgId))
    .where(and(eq(opinions.id, id), scope(ctx)));
  if (!r) throw notFound();
  const dispatchPath = (await orgById(tx, r.o.dispatchOrgId))?.path ?? '';
  const unitPath = r.o.orgId ? ((await orgById(tx, r.o.orgId))?.path ?? null) : null;
  return { ...r, dispatchPath, unitPath };
}

type Visible = Awaited<ReturnType<typeof visible>>;

function mayAct(ctx: Ctx, v: Visible, action: OpinionAction): boolean {
  if (ACTION_ROLE[action] === 'dispatcher') return can(ctx.actor, 'opinion.dispatch', v.dispatchPath);
  if (ACTION_ROLE[action] === 'unit')
    return v.unitPath !== null && can(ctx.actor, 'opinion.handle', v.unitPath);
  return false;
}

/** Contact details: the dispatcher and the users acting for the assigned unit itself. Others see them masked. */
function seesContact(ctx: Ctx, v: Visible): boolean {
  if (can(ctx.actor, 'opinion.dispatch', v.dispatchPath)) return true;
  return ctx.actor.grants.some((g) => g.orgId === v.o.orgId && g.permissions.includes('opinion.handle'));
}

export async function getOpinion(db: Executor, ctx: Ctx, id: number): Promise<TOpinionDetail> {
  const v = await visible(db, ctx, id);
  const { o } = v;
  const contact = seesContact(ctx, v);
  const pics = await db
    .select({ id: publicFiles.id })
    .from(publicFiles)
    .where(and(eq(publicFiles.ownerType, 'opinion'), eq(publicFiles.ownerId, o.id)));
  const events = await eventsOf(db, o.id);
  return {
    ...item(o, v.orgName),
    submitterName: o.submitterName ? (contact ? o.submitterName : maskName(o.submitterName)) : null,
    submitterPhone: contact ? o.submitterPhone : maskPhone(o.submitterPhone),
    agreePublic: o.agreePublic,
    answer: o.answer,
    answeredAt: iso(o.answeredAt),
    answeredByName: o.answeredByName,
    answerPublished: o.answerPublished,
    ratingComment: o.ratingComment,
    returnReason: o.returnReason,
    unreasonableReason: o.unreasonableReason,
    hiddenReason: o.hiddenReason,
    problemId: o.problemId,
    mergedCount: o.mergedCount,
    pictureIds: pics.map((p) => p.id),
    actions: OPINION_ACTIONS.filter(
      (a) => nextOpinionState(o.status as OpinionState, a, o) !== null && mayAct(ctx, v, a),
    ),
    events: events.map((e) => ({
      at: e.at.toISOString(),
      actorName: e.actorName,
      action: e.action,
      toStatus: e.toStatus,
      comment: e.comment,
    })),
  };
}

/** A picture of an opinion the actor can read. */
export async function opinionPicture(db: Db, ctx: Ctx, fileId: number) {
  const [f] = await db
    .select()
    .from(publicFiles)
    .where(and(eq(publicFiles.id, fileId), eq(publicFiles.ownerType, 'opinion')));
  if (!f) throw notFound();
  await visible(db, ctx, f.ownerId);
  return f;
}

/** Loads, checks visibility, version and permission; used by every staff action. */
async function prepare(tx: Executor, ctx: Ctx, id: number, version: number) {
  const v = await visible(tx, ctx, id);
  return { v, check: () => (v.o.version !== version ? versionConflict() : null) };
}

interface Step {
  action: OpinionAction;
  patch?: Partial<typeof opinions.$inferInsert>;
  comment?: string;
}

/** One transition of the machine by a staff member: 403 if not theirs, 409 if not allowed now or stale. */
export async function act(db: Db, ctx: Ctx, id: number, version: number, step: Step) {
  await db.transaction(async (tx) => {
    const { v, check } = await prepare(tx, ctx, id, version);
    const { o } = v;
    const path = ACTION_ROLE[step.action] === 'dispatcher' ? v.dispatchPath : (v.unitPath ?? v.dispatchPath);
    requireAt(
      ctx.actor,
      ACTION_ROLE[step.action] === 'dispatcher' ? 'opinion.dispatch' : 'opinion.handle',
      path,
    );
    const stale = check();
    if (stale) throw stale;
    const to = nextOpinionState(o.status as OpinionState, step.action, o);
    if (!to)
      throw new AppError('OPINION_TRANSITION', 409, {
        state: OPINION_STATE_LABELS[o.status as OpinionState],
      });
    const at = now();
    const patch = { ...step.patch, status: to, updatedAt: at, version: o.version + 1 };
    const [row] = await tx
      .update(opinions)
      .set(patch)
      .where(and(eq(opinions.id, o.id), eq(opinions.version, o.version)))
      .returning();
    if (!row) throw versionConflict();
    await addEvent(tx, {
      opinionId: o.id,
      actorId: ctx.actor.userId,
      actorName: ctx.actor.displayName,
      action: step.action,
      from: o.status,
      to,
      orgId: row.orgId,
      comment: step.comment,
    });
    await recordAudit(tx, ctx, {
      action: `opinion.${step.action}`,
      entityType: 'opinion',
      entityId: o.id,
      orgId: row.orgId ?? row.dispatchOrgId,
      before: { status: o.status, orgId: o.orgId },
      after: { status: to, orgId: row.orgId, comment: step.comment },
    });
    const link = { link: `/opinions/${o.id}`, subjectType: 'opinion', subjectId: o.id };
    if (step.action === 'dispatch')
      await notifyOrg(tx, row.orgId, 'opinion.handle', {
        kind: 'opinion',
        title: `【群众意见】${o.code}待签收`,
        ...link,
      });
    if (step.action === 'return')
      await notifyOrg(tx, row.dispatchOrgId, 'opinion.dispatch', {
        kind: 'opinion',
        title: `【退回】${v.orgName ?? ''}退回意见${o.code}`,
        body: step.comment,
        ...link,
      });
  });
  return getOpinion(db, ctx, id);
}

export async function dispatchOpinion(
  db: Db,
  ctx: Ctx,
  id: number,
  b: { version: number; orgId: number; comment?: string },
) {
  const org = await orgById(db, b.orgId);
  if (!org || !org.active) throw invalid([{ field: 'orgId', message: '承办单位不存在' }]);
  return act(db, ctx, id, b.version, {
    action: 'dispatch',
    patch: { orgId: org.id },
    comment: `派至${org.name}${b.comment ? `：${b.comment}` : ''}`,
  });
}

export const signOpinion = (db: Db, ctx: Ctx, id: number, version: number) =>
  act(db, ctx, id, version, { action: 'sign', patch: { signedAt: now() } });

export async function returnOpinion(db: Db, ctx: Ctx, id: number, b: { version: number; reason: string }) {
  const v = await visible(db, ctx, id);
  return act(db, ctx, id, b.version, {
    action: 'return',
    patch: { orgId: null, returnReason: b.reason, returnedFromOrgId: v.o.orgId, signedAt: null },
    comment: `非本单位职责：${b.reason}`,
  });
}

export const answerOpinion = (db: Db, ctx: Ctx, id: number, b: { version: number; answer: string }) =>
  act(db, ctx, id, b.version, {
    action: 'answer',
    patch: { answer: b.answer, answeredAt: now(), answeredByName: ctx.actor.displayName, rating: null },
    comment: b.answer.slice(0, 200),
  });

export const closeOpinion = (db: Db, ctx: Ctx, id: number, b: { version: number; reason: string }) =>
  act(db, ctx, id, b.version, { action: 'close', patch: { closedAt: now() }, comment: b.reason });
