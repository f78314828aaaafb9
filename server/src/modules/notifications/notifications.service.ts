import { and, asc, count, desc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { grants, roles } from '../../platform/access/access.table.js';
import type { Permission } from '../../platform/access/permissions.js';
import { users } from '../../platform/auth/auth.table.js';
import { now } from '../../platform/clock.js';
import type { Ctx } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { activeChannels, backoffMs, senderFor } from './notifications.senders.js';
import { inboxItems, outbox } from './notifications.table.js';

export interface Notice {
  kind: string;
  title: string;
  body?: string;
  link?: string;
  subjectType?: string;
  subjectId?: number;
}

/** Active users holding `perm` through a grant at exactly this org: the people who act for the unit. */
export async function usersActingFor(tx: Executor, orgIds: number[], perm: Permission): Promise<number[]> {
  if (orgIds.length === 0) return [];
  const rows = await tx
    .selectDistinct({ id: users.id })
    .from(grants)
    .innerJoin(roles, eq(roles.id, grants.roleId))
    .innerJoin(users, eq(users.id, grants.userId))
    .where(
      and(inArray(grants.orgId, orgIds), eq(users.active, true), sql`${perm} = ANY(${roles.permissions})`),
    );
  return rows.map((r) => r.id);
}

/** Users acting for each org (grant at exactly that org with `perm`), keyed by org id. */
export async function actingUsersByOrg(tx: Executor, orgIds: number[], perm: Permission) {
  const map = new Map<number, number[]>();
  if (orgIds.length === 0) return map;
  const rows = await tx
    .selectDistinct({ userId: users.id, orgId: grants.orgId })
    .from(grants)
    .innerJoin(roles, eq(roles.id, grants.roleId))
    .innerJoin(users, eq(users.id, grants.userId))
    .where(
      and(
        inArray(grants.orgId, [...new Set(orgIds)]),
        eq(users.active, true),
        sql`${perm} = ANY(${roles.permissions})`,
      ),
    );
  for (const r of rows) map.set(r.orgId, [...(map.get(r.orgId) ?? []), r.userId]);
  return map;
}

/** One notice per unit, to the users acting for it. */
export async function notifyUnits<T extends { orgId: number }>(
  tx: Executor,
  units: T[],
  perm: Permission,
  make: (unit: T) => Notice,
): Promise<void> {
  const byOrg = await actingUsersByOrg(
    tx,
    units.map((u) => u.orgId),
    perm,
  );
  for (const u of units) {
    const userIds = byOrg.get(u.orgId);
    if (userIds?.length) await notify(tx, userIds, make(u));
  }
}

/** Writes an inbox item per user and an outbox row per user and active channel, in the caller's transaction. */
export async function notify(tx: Executor, userIds: number[], notice: Notice): Promise<void> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return;
  const at = now();
  await tx.insert(inboxItems).values(
    ids.map((userId) => ({
      userId,
      kind: notice.kind,
      title: notice.title,
      body: notice.body ?? '',
      link: notice.link ?? '',
      subjectType: notice.subjectType ?? null,
      subjectId: notice.subjectId ?? null,
      createdAt: at,
    })),
  );
  const channels = activeChannels();
  if (channels.length === 0) return;
  await tx.insert(outbox).values(
    channels.flatMap((channel) =>
      ids.map((userId) => ({
        channel,
        userId,
        payload: { ...notice } as Record<string, unknown>,
        nextAttemptAt: at,
        createdAt: at,
      })),
    ),
  );
}

/**
 * Sends due outbox rows. Rows are claimed with FOR UPDATE SKIP LOCKED so two instances never send the same
 * row; a failure leaves the row pending with a later next attempt, so nothing is lost while a sender is down.
 */
export async function deliverOutbox(tx: Executor, limit = 100): Promise<{ sent: number; failed: number }> {
  const at = now();
  const rows = await tx
    .select()
    .from(outbox)
    .where(and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, at)))
    .orderBy(asc(outbox.id))
    .limit(limit)
    .for('update', { skipLocked: true });
  let sent = 0;
  let failed = 0;
  for (const row of rows) {
    const sender = senderFor(row.channel);
    try {
      if (!sender) throw new Error(`no sender for channel ${row.channel}`);
      await sender.send({ id: row.id, channel: row.channel, userId: row.userId, payload: row.payload });
      await tx
        .update(outbox)
        .set({ status: 'sent', sentAt: at, attempts: row.attempts + 1, lastError: null })
        .where(eq(outbox.id, row.id));
      sent++;
    } catch (err) {
      const attempts = row.attempts + 1;
      await tx
        .update(outbox)
        .set({
          attempts,
          nextAttemptAt: new Date(at.getTime() + backoffMs(attempts)),
          lastError: (err instanceof Error ? err.message : String(err)).slice(0, 500),
        })
        .where(eq(outbox.id, row.id));
      failed++;
    }
  }
  return { sent, failed };
}

const inboxColumns = {
  id: inboxItems.id,
  kind: inboxItems.kind,
  title: inboxItems.title,
  body: inboxItems.body,
  link: inboxItems.link,
  readAt: inboxItems.readAt,
  createdAt: inboxItems.createdAt,
};

export async function listInbox(
  db: Executor,
  ctx: Ctx,
  q: { page: number; pageSize: number; unread?: boolean },
) {
  const cond = and(eq(inboxItems.userId, ctx.actor.userId), q.unread ? isNull(inboxItems.readAt) : undefined);
  const rows = await db
    .select(inboxColumns)
    .from(inboxItems)
    .where(cond)
    .orderBy(desc(inboxItems.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const [t] = await db.select({ n: count() }).from(inboxItems).where(cond);
  return {
    items: rows.map((r) => ({
      ...r,
      readAt: r.readAt?.toISOString() ?? null,
      createdAt: r.createdAt.toISOString(),
    })),
    total: Number(t?.n ?? 0),
  };
}

export async function unreadCount(db: Executor, ctx: Ctx) {
  const [r] = await db
    .select({ n: count() })
    .from(inboxItems)
    .where(and(eq(inboxItems.userId, ctx.actor.userId), isNull(inboxItems.readAt)));
  return { unread: Number(r?.n ?? 0) };
}

/** Marks the caller's own items read; an id that is not the caller's answers 404 and changes nothing. */
export async function markRead(db: Executor, ctx: Ctx, ids: number[]) {
  const own = await db
    .select({ id: inboxItems.id })
    .from(inboxItems)
    .where(and(inArray(inboxItems.id, ids), eq(inboxItems.userId, ctx.actor.userId)));
  if (own.length !== new Set(ids).size) throw notFound();
  await db
    .update(inboxItems)
    .set({ readAt: now() })
    .where(and(inArray(inboxItems.id, ids), isNull(inboxItems.readAt)));
  return unreadCount(db, ctx);
}
