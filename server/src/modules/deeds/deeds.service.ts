import { and, asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client.js';
import { requireAt, requireVisible, scopeSql } from '../../platform/access/access.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { now } from '../../platform/clock.js';
import type { Ctx } from '../../platform/context.js';
import { AppError, invalid, notFound, versionConflict } from '../../platform/errors.js';
import { maskText } from '../../platform/masking.js';
import { offset } from '../../platform/schemas.js';
import { orgs } from '../orgs/orgs.table.js';
import type { TDeed, TDeedCreate } from './deeds.schemas.js';
import { deedMilestones, deedRatings, deeds } from './deeds.table.js';

/** Weighted roll-up: Σ weight × progress / Σ weight, rounded to a whole percent. */
export function rollup(ms: { weight: number; progress: number }[]): number {
  const w = ms.reduce((s, m) => s + m.weight, 0);
  return w ? Math.round(ms.reduce((s, m) => s + m.weight * m.progress, 0) / w) : 0;
}

async function present(tx: Executor, where: SQL | undefined, page?: { page: number; pageSize: number }) {
  const [{ total }] = await tx
    .select({ total: count() })
    .from(deeds)
    .innerJoin(orgs, eq(orgs.id, deeds.orgId))
    .where(where);
  const base = tx
    .select({ d: deeds, orgName: orgs.name })
    .from(deeds)
    .innerJoin(orgs, eq(orgs.id, deeds.orgId))
    .where(where)
    .orderBy(desc(deeds.updatedAt), desc(deeds.id));
  const list = page ? await base.limit(page.pageSize).offset(offset(page)) : await base;
  const ids = list.map((r) => r.d.id);
  const ms = ids.length
    ? await tx
        .select()
        .from(deedMilestones)
        .where(inArray(deedMilestones.deedId, ids))
        .orderBy(asc(deedMilestones.seq))
    : [];
  const rs = ids.length
    ? await tx
        .select({ deedId: deedRatings.deedId, rating: deedRatings.rating, n: count() })
        .from(deedRatings)
        .where(inArray(deedRatings.deedId, ids))
        .groupBy(deedRatings.deedId, deedRatings.rating)
    : [];
  const items: TDeed[] = list.map(({ d, orgName }) => {
    const mine = ms.filter((m) => m.deedId === d.id);
    return {
      id: d.id,
      orgId: d.orgId,
      orgName,
      title: d.title,
      description: d.description,
      leaderName: d.leaderName,
      targetDate: d.targetDate,
      status: d.status as 'active' | 'completed',
      completedAt: d.completedAt?.toISOString() ?? null,
      progress: rollup(mine),
      milestones: mine.map((m) => ({ id: m.id, title: m.title, weight: m.weight, progress: m.progress })),
      ratings: Object.fromEntries(rs.filter((r) => r.deedId === d.id).map((r) => [r.rating, r.n])),
      version: d.version,
    };
  });
  return { items, total };
}

const underOrg = (orgId?: number) =>
  orgId ? sql`${orgs.path} <@ (select path from orgs f where f.id = ${orgId})` : undefined;

export const listDeeds = (db: Db, ctx: Ctx, q: { page: number; pageSize: number; orgId?: number }) =>
  present(db, and(scopeSql(ctx.actor, 'deed.manage', orgs.path), underOrg(q.orgId)), q);

async function visible(tx: Executor, ctx: Ctx, id: number) {
  const [r] = await tx
    .select({ d: deeds, path: orgs.path })
    .from(deeds)
    .innerJoin(orgs, eq(orgs.id, deeds.orgId))
    .where(eq(deeds.id, id));
  requireVisible(ctx.actor, 'deed.manage', r?.path);
  return r;
}

export async function getDeed(db: Executor, ctx: Ctx, id: number) {
  await visible(db, ctx, id);
  return (await present(db, eq(deeds.id, id))).items[0];
}

export async function createDeed(db: Db, ctx: Ctx, b: TDeedCreate) {
  const id = await db.transaction(async (tx) => {
    const [org] = await tx.select().from(orgs).where(eq(orgs.id, b.orgId));
    requireVisible(ctx.actor, 'deed.manage', org?.path);
    const [d] = await tx
      .insert(deeds)
      .values({
        orgId: org.id,
        title: b.title,
        description: b.description ?? '',
        leaderName: b.leaderName ?? '',
        targetDate: b.targetDate,
        createdBy: ctx.actor.userId || null,
      })
      .returning({ id: deeds.id });
    await tx
      .insert(deedMilestones)
      .values(b.milestones.map((m, i) => ({ deedId: d.id, seq: i + 1, title: m.title, weight: m.weight })));
    await recordAudit(tx, ctx, {
      action: 'deed.create',
      entityType: 'deed',
      entityId: d.id,
      orgId: org.id,
      after: b,
    });
    return d.id;
  });
  return getDeed(db, ctx, id);
}

export async function updateProgress(
  db: Db,
  ctx: Ctx,
  id: number,
  b: { version: number; milestones: { id: number; progress: number }[] },
) {
  await db.transaction(async (tx) => {
    const { d, path } = await visible(tx, ctx, id);
    requireAt(ctx.actor, 'deed.manage', path);
    if (d.version !== b.version) throw versionConflict();
    if (d.status === 'completed') throw new AppError('OPINION_TRANSITION', 409, { state: '已完成' });
    const mine = await tx
      .select({ id: deedMilestones.id })
      .from(deedMilestones)
      .where(eq(deedMilestones.deedId, id));
    const known = new Set(mine.map((m) => m.id));
    b.milestones.forEach((m, i) => {
      if (!known.has(m.id)) throw invalid([{ field: `milestones.${i}.id`, message: '节点不属于该实事' }]);
    });
    for (const m of b.milestones)
      await tx
        .update(deedMilestones)
        .set({ progress: m.progress, updatedAt: now() })
        .where(eq(deedMilestones.id, m.id));
    await tx
      .update(deeds)
      .set({ updatedAt: now(), version: d.version + 1 })
      .where(eq(deeds.id, id));
    await recordAudit(tx, ctx, {
      action: 'deed.progress',
      entityType: 'deed',
      entityId: id,
      orgId: d.orgId,
      after: b,
    });
  });
  return getDeed(db, ctx, id);
}

export async function completeDeed(db: Db, ctx: Ctx, id: number, version: number) {
  await db.transaction(async (tx) => {
    const { d, path } = await visible(tx, ctx, id);
    requireAt(ctx.actor, 'deed.manage', path);
    if (d.version !== version) throw versionConflict();
    if (d.status === 'completed') throw new AppError('OPINION_TRANSITION', 409, { state: '已完成' });
    await tx
      .update(deedMilestones)
      .set({ progress: 100, updatedAt: now() })
      .where(eq(deedMilestones.deedId, id));
    await tx
      .update(deeds)
      .set({ status: 'completed', completedAt: now(), updatedAt: now(), version: d.version + 1 })
      .where(eq(deeds.id, id));
    await recordAudit(tx, ctx, { action: 'deed.complete', entityType: 'deed', entityId: id, orgId: d.orgId });
  });
  return getDeed(db, ctx, id);
}

/** Public: every deed, text masked. */
export async function publicDeeds(db: Executor, q: { page: number; pageSize: number; orgId?: number }) {
  const res = await present(db, underOrg(q.orgId), q);
  return { ...res, items: res.items.map(publicDeed) };
}

export function publicDeed(d: TDeed): TDeed {
  return { ...d, description: maskText(d.description), title: maskText(d.title) };
}

export async function publicDeedById(db: Executor, id: number) {
  const d = (await present(db, eq(deeds.id, id))).items[0];
  if (!d) throw notFound();
  return publicDeed(d);
}

/** Rates a completed deed: once per device and day (Asia/Shanghai), enforced by the unique key. */
export async function rateDeed(db: Db, id: number, b: { rating: string; deviceKey: string }) {
  const [d] = await db.select().from(deeds).where(eq(deeds.id, id));
  if (!d) throw notFound();
  if (d.status !== 'completed') throw invalid([{ field: 'rating', message: '实事完成后才能评价' }]);
  const day = new Date(now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  const inserted = await db
    .insert(deedRatings)
    .values({ deedId: id, deviceKey: b.deviceKey, day, rating: b.rating })
    .onConflictDoNothing()
    .returning({ id: deedRatings.id });
  if (inserted.length === 0) throw new AppError('ALREADY_RATED', 409);
  return publicDeedById(db, id);
}
