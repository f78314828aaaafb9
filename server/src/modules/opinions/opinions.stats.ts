import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { can, orgIdOfPath, scopeRoots } from '../../platform/access/access.js';
import { now } from '../../platform/clock.js';
import { coalescerOf } from '../../platform/coalesce.js';
import type { Ctx } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { opinionCountsOf, opinionOverdueOf } from '../dashboard/dashboard.service.js';
import { rows } from '../tasks/tasks.sql.js';
import { orgById } from './opinions.repo.js';
import type { TUnitStats } from './opinions.schemas.js';

export interface Unit {
  id: number;
  name: string;
}

/**
 * Fair statistics per unit, each unit counting the opinions at it and below it (by org path), read from the
 * roll-up counters: hidden ones and ones the dispatcher marked unreasonable are left out (the latter counted as
 * excluded); a sign or answer within the tolerance counts as on time.
 * 响应率 = signed on time / received, 解决率 = answered and not rated unsatisfied / received,
 * 满意率 = 满意 + 比较满意 / rated. `overdue` (time-dependent) is counted only when asked for.
 */
export async function unitStats(
  tx: Executor,
  units: Unit[],
  toleranceHours: number,
  opts: { overdue?: boolean } = {},
): Promise<TUnitStats[]> {
  const ids = units.map((u) => u.id);
  const [counts, overdue] = await Promise.all([
    opinionCountsOf(tx, ids, toleranceHours),
    opts.overdue ? opinionOverdueOf(tx, ids, toleranceHours, now()) : undefined,
  ]);
  return units.map((u) => {
    const c = counts.get(u.id)!;
    return {
      orgId: u.id,
      orgName: u.name,
      received: c.received,
      signedOnTime: c.signedOnTime,
      answered: c.answered,
      resolved: c.resolved,
      rated: c.rated,
      satisfied: c.satisfied,
      overdue: overdue?.get(u.id) ?? 0,
      excluded: c.excluded,
      responseRate: c.responseRate,
      resolutionRate: c.resolutionRate,
      satisfactionRate: c.satisfactionRate,
    };
  });
}

/** A unit and its active direct children, in display order: the rows a statistics table shows. */
export const unitAndChildren = (tx: Executor, parentId: number) =>
  unitsUnder(tx, sql`select ${parentId}::int as id`);

/** The same under the org `root` selects (one column `id`), in one statement. */
async function unitsUnder(tx: Executor, root: SQL): Promise<Unit[]> {
  const list = await rows<Unit>(
    tx,
    sql`with r as (${root})
      select o.id, o.name from orgs o, r where o.id = r.id or (o.parent_id = r.id and o.active)
      order by (o.id = r.id) desc, o.sort_order, o.id`,
  );
  return list.map((u) => ({ id: Number(u.id), name: u.name }));
}

/** Staff statistics: a unit the actor handles or dispatches for (default: the root of their scope). */
export async function staffStats(
  tx: Executor,
  ctx: Ctx,
  parentId: number | undefined,
  toleranceHours: number,
) {
  let id = parentId;
  if (!id) {
    const roots = [...scopeRoots(ctx.actor, 'opinion.dispatch'), ...scopeRoots(ctx.actor, 'opinion.handle')];
    const root = roots.sort((a, b) => a.length - b.length)[0];
    if (!root) throw notFound();
    id = orgIdOfPath(root);
  }
  const org = await orgById(tx, id);
  if (!org || !(can(ctx.actor, 'opinion.handle', org.path) || can(ctx.actor, 'opinion.dispatch', org.path)))
    throw notFound();
  // the figures do not depend on who asks once access is settled: concurrent requests share one read
  return coalescerOf(tx).run(`opinion-stats:${org.id}:${toleranceHours}`, async () =>
    unitStats(tx, await unitAndChildren(tx, org.id), toleranceHours, { overdue: true }),
  );
}

/**
 * Public statistics: the top unit (the first active org by depth, as dispatchRoot) and its children in one
 * statement, or a given active unit and its.
 */
export async function publicUnits(tx: Executor, parentId: number | undefined): Promise<Unit[]> {
  if (parentId) {
    const root = await orgById(tx, parentId);
    if (!root?.active) throw notFound();
    return unitAndChildren(tx, root.id);
  }
  const units = await unitsUnder(tx, sql`select id from orgs where active order by depth, id limit 1`);
  if (units.length === 0) throw notFound();
  return units;
}
