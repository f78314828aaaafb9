import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { requireVisible, scopeRoots } from '../../platform/access/access.js';
import type { Ctx } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { orgs } from '../orgs/orgs.table.js';
import { todaySql } from '../../db/today.js';
import type { TRollupRow } from './problems.schemas.js';

interface Counts {
  total: number;
  open: number;
  inProgress: number;
  submitted: number;
  signedOff: number;
  overdue: number;
  onTime: number;
}
const ZERO: Counts = { total: 0, open: 0, inProgress: 0, submitted: 0, signedOff: 0, overdue: 0, onTime: 0 };

const rate = (n: number, d: number) => (d === 0 ? 0 : Math.round((n / d) * 1000) / 1000);
const row = (orgId: number, orgName: string, childCount: number, c: Counts): TRollupRow => ({
  orgId,
  orgName,
  childCount,
  total: c.total,
  open: c.open,
  inProgress: c.inProgress,
  submitted: c.submitted,
  signedOff: c.signedOff,
  overdue: c.overdue,
  signOffRate: rate(c.signedOff, c.total),
  onTimeRate: rate(c.onTime, c.signedOff),
});

/**
 * Per child unit of `orgId`, from the roll-up counters (rollup_problems, kept exact by triggers): each child's
 * subtree counts, and the org's own problems ("本级") as its subtree minus all its children's.
 * Drafts and cancelled problems are not counted.
 */
export async function rollup(db: Db, ctx: Ctx, q: { orgId?: number; campaignId?: number }) {
  const orgId = q.orgId ?? (await defaultRoot(db, ctx));
  const [org] = await db
    .select({ id: orgs.id, name: orgs.name, path: orgs.path, parentId: orgs.parentId })
    .from(orgs)
    .where(eq(orgs.id, orgId));
  requireVisible(ctx.actor, 'problem.read', org?.path);
  const campaign = q.campaignId ? sql`and r.campaign_id = ${q.campaignId}` : sql``;
  const counted = sql`r.kind = 0 and r.status not in ('draft', 'cancelled')`;
  const result = await db.execute(sql`
    select c.id, c.name, c.active, c.sort_order,
      (select count(*)::int from orgs k where k.parent_id = c.id and k.active) as child_count,
      coalesce(sum(r.n) filter (where ${counted}), 0)::int as total,
      coalesce(sum(r.n) filter (where ${counted} and r.status = 'open'), 0)::int as open,
      coalesce(sum(r.n) filter (where ${counted} and r.status = 'in_progress'), 0)::int as in_progress,
      coalesce(sum(r.n) filter (where ${counted} and r.status = 'submitted'), 0)::int as submitted,
      coalesce(sum(r.n) filter (where ${counted} and r.status = 'signed_off'), 0)::int as signed_off,
      coalesce(sum(r.n) filter (where r.kind = 1 and r.day < ${todaySql}), 0)::int as overdue,
      coalesce(sum(r.n) filter (where r.kind = 5), 0)::int as on_time
    from orgs c left join rollup_problems r on r.org_id = c.id and r.kind in (0, 1, 5) and r.day < ${todaySql}
      ${campaign}
    where c.parent_id = ${org.id} or c.id = ${org.id}
    group by c.id
    order by (c.id = ${org.id}) desc, c.sort_order, c.id`);
  const rows = result.rows.map((r) => {
    const n = (k: string) => Number(r[k] ?? 0);
    const counts: Counts = {
      total: n('total'),
      open: n('open'),
      inProgress: n('in_progress'),
      submitted: n('submitted'),
      signedOff: n('signed_off'),
      overdue: n('overdue'),
      onTime: n('on_time'),
    };
    return {
      id: n('id'),
      name: String(r.name),
      active: r.active === true,
      childCount: n('child_count'),
      counts,
    };
  });
  const subtree = rows.find((r) => r.id === org.id)?.counts ?? ZERO;
  const allChildren = rows.filter((r) => r.id !== org.id);
  const children = allChildren.filter((r) => r.active);
  const keys = Object.keys(ZERO) as (keyof Counts)[];
  const self = { ...subtree };
  for (const c of allChildren) for (const k of keys) self[k] -= c.counts[k];
  const sum = { ...self };
  for (const c of children) for (const k of keys) sum[k] += c.counts[k];
  return {
    org: { id: org.id, name: org.name, parentId: org.parentId },
    self: row(org.id, '本级', 0, self),
    children: children.map((c) => row(c.id, c.name, c.childCount, c.counts)),
    total: row(org.id, '合计', children.length, sum),
  };
}

async function defaultRoot(db: Db, ctx: Ctx): Promise<number> {
  const [root] = scopeRoots(ctx.actor, 'problem.read');
  if (!root) throw notFound();
  const [o] = await db
    .select({ id: orgs.id })
    .from(orgs)
    .where(and(sql`${orgs.path} = ${root}::ltree`));
  if (!o) throw notFound();
  return o.id;
}
