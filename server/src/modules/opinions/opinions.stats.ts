import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { can, scopeRoots } from '../../platform/access/access.js';
import { now } from '../../platform/clock.js';
import type { Ctx } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { rows } from '../tasks/tasks.sql.js';
import { dispatchRoot, orgById } from './opinions.repo.js';
import type { TUnitStats } from './opinions.schemas.js';

interface Raw {
  org_id: number;
  org_name: string;
  received: number;
  signed_on_time: number;
  answered: number;
  resolved: number;
  rated: number;
  satisfied: number;
  overdue: number;
  excluded: number;
}

/** A rate in %, one decimal; null without data. The staff statistics and the dashboard both count with it. */
export const rate = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 1000) / 10 : null);

/**
 * Fair statistics per unit, each unit counting the opinions at it and below it (by org path): hidden ones and
 * ones the dispatcher marked unreasonable are left out; a sign or answer within the tolerance counts as on time.
 * 响应率 = signed on time / received, 解决率 = answered and not rated unsatisfied / received,
 * 满意率 = 满意 + 比较满意 / rated.
 */
export async function unitStats(
  tx: Executor,
  unitIds: number[],
  toleranceHours: number,
): Promise<TUnitStats[]> {
  if (unitIds.length === 0) return [];
  const at = now().toISOString();
  const tol = sql`make_interval(hours => ${toleranceHours})`;
  const ok = sql`('满意', '比较满意')`;
  const list = await rows<Raw>(
    tx,
    sql`select u.id as org_id, u.name as org_name,
        count(op.id) filter (where not op.unreasonable)::int as received,
        count(op.id) filter (where not op.unreasonable and op.signed_at <= op.sign_deadline + ${tol})::int
          as signed_on_time,
        count(op.id) filter (where not op.unreasonable and op.answered_at is not null)::int as answered,
        count(op.id) filter (where not op.unreasonable and op.answered_at is not null
          and (op.rating is null or op.rating in ${ok}))::int as resolved,
        count(op.id) filter (where not op.unreasonable and op.rating is not null)::int as rated,
        count(op.id) filter (where not op.unreasonable and op.rating in ${ok})::int as satisfied,
        count(op.id) filter (where not op.unreasonable and (
          (op.answered_at is null and op.status <> 'closed' and ${at}::timestamptz > op.answer_deadline + ${tol})
          or op.answered_at > op.answer_deadline + ${tol}))::int as overdue,
        count(op.id) filter (where op.unreasonable)::int as excluded
      from orgs u
      left join orgs ou on ou.path <@ u.path
      left join opinions op on op.org_id = ou.id and not op.hidden
      where u.id in (${sql.join(
        unitIds.map((id) => sql`${id}`),
        sql`, `,
      )})
      group by u.id, u.name`,
  );
  const order = new Map(unitIds.map((id, i) => [id, i]));
  list.sort((a, b) => (order.get(a.org_id) ?? 0) - (order.get(b.org_id) ?? 0));
  return list.map((r) => ({
    orgId: r.org_id,
    orgName: r.org_name,
    received: r.received,
    signedOnTime: r.signed_on_time,
    answered: r.answered,
    resolved: r.resolved,
    rated: r.rated,
    satisfied: r.satisfied,
    overdue: r.overdue,
    excluded: r.excluded,
    responseRate: rate(r.signed_on_time, r.received),
    resolutionRate: rate(r.resolved, r.received),
    satisfactionRate: rate(r.satisfied, r.rated),
  }));
}

/** A unit and its direct children: the rows a statistics table shows. */
export async function unitAndChildren(tx: Executor, parentId: number): Promise<number[]> {
  const kids = await rows<{ id: number }>(
    tx,
    sql`select id from orgs where parent_id = ${parentId} and active order by sort_order, id`,
  );
  return [parentId, ...kids.map((k) => k.id)];
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
    id = Number(root.split('.').pop());
  }
  const org = await orgById(tx, id);
  if (!org || !(can(ctx.actor, 'opinion.handle', org.path) || can(ctx.actor, 'opinion.dispatch', org.path)))
    throw notFound();
  return unitStats(tx, await unitAndChildren(tx, org.id), toleranceHours);
}

/** Public statistics: the top unit's children (or a given unit's). */
export async function publicUnitIds(tx: Executor, parentId: number | undefined) {
  const root = parentId ? await orgById(tx, parentId) : await dispatchRoot(tx);
  if (!root || ('active' in root && !root.active)) throw notFound();
  return unitAndChildren(tx, root.id);
}
