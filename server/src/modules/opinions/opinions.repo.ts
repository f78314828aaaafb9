import { and, asc, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import type { Permission } from '../../platform/access/permissions.js';
import { now } from '../../platform/clock.js';
import { notify, usersActingFor, type Notice } from '../notifications/notifications.service.js';
import { orgs } from '../orgs/orgs.table.js';
import { opinionEvents } from './opinions.table.js';

/** The top unit: its campaign office dispatches opinions whose unit the submitter did not know. */
export async function dispatchRoot(tx: Executor) {
  const [root] = await tx
    .select({ id: orgs.id, path: orgs.path, name: orgs.name, parentId: orgs.parentId })
    .from(orgs)
    .where(eq(orgs.active, true))
    .orderBy(asc(orgs.depth), asc(orgs.id))
    .limit(1);
  return root;
}

export async function orgById(tx: Executor, id: number) {
  const [org] = await tx
    .select({ id: orgs.id, path: orgs.path, name: orgs.name, parentId: orgs.parentId, active: orgs.active })
    .from(orgs)
    .where(eq(orgs.id, id));
  return org;
}

export async function addEvent(
  tx: Executor,
  e: {
    opinionId: number;
    actorId?: number | null;
    actorName: string;
    action: string;
    from?: string | null;
    to?: string | null;
    orgId?: number | null;
    comment?: string;
  },
) {
  await tx.insert(opinionEvents).values({
    opinionId: e.opinionId,
    at: now(),
    actorId: e.actorId || null,
    actorName: e.actorName,
    action: e.action,
    fromStatus: e.from ?? null,
    toStatus: e.to ?? null,
    orgId: e.orgId ?? null,
    comment: e.comment ?? '',
  });
}

export async function eventsOf(tx: Executor, opinionId: number) {
  return tx
    .select()
    .from(opinionEvents)
    .where(and(eq(opinionEvents.opinionId, opinionId)))
    .orderBy(asc(opinionEvents.at), asc(opinionEvents.id));
}

/** Notifies the users acting for an org with `perm`. */
export async function notifyOrg(tx: Executor, orgId: number | null, perm: Permission, notice: Notice) {
  if (!orgId) return;
  await notify(tx, await usersActingFor(tx, [orgId], perm), notice);
}

/** The superior of a unit: the users acting for its parent (handlers), or the dispatchers when there is none. */
export async function notifySuperior(tx: Executor, orgId: number, dispatchOrgId: number, notice: Notice) {
  const org = await orgById(tx, orgId);
  const ids = org?.parentId ? await usersActingFor(tx, [org.parentId], 'opinion.handle') : [];
  const dispatchers = await usersActingFor(tx, [dispatchOrgId], 'opinion.dispatch');
  await notify(tx, [...ids, ...dispatchers], notice);
}

export const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
