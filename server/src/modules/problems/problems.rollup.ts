import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { requireVisible, scopeRoots, scopeSql } from '../../platform/access/access.js';
import type { Ctx } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { orgs } from '../orgs/orgs.table.js';
import { todaySql } from './problems.repo.js';
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
 * Per child unit of `orgId`: one query that groups the subtree's problems by their path prefix one level below
 * the org (`subpath(path, 0, nlevel(org) + 1)`); problems of the org itself form the row "本级".
 * Drafts and cancelled problems are not counted.
 */
export async function rollup(db: Db, ctx: Ctx, q: { orgId?: number; campaignId?: number }) {
  const orgId = q.orgId ?? (await defaultRoot(db, ctx));
  const [org] = await db
    .select({ id: orgs.id, name: orgs.name, path: orgs.path, parentId: orgs.parentId })
    .from(orgs)
    .where(eq(orgs.id, orgId));
  requireVisible(ctx.actor, 'problem.read', org?.path);
  const level = org.path.split('.').length;
  const campaign = q.campaignId ? sql`and p.campaign_id = ${q.campaignId}` : sql``;
  const result = await db.execute(sql`
    with agg as (
      select case when nlevel(o.path) = ${level} then o.path else subpath(o.path, 0, ${level + 1}) end as key,
        count(*)::int as total,
        count(*) filter (where p.status = 'open')::int as open,
        count(*) filter (where p.status = 'in_progress')::int as in_progress,
        count(*) filter (where p.status = 'submitted')::int as submitted,
        count(*) filter (where p.status = 'signed_off')::int as signed_off,
        count(*) filter (where p.status in ('open', 'in_progress') and p.deadline < ${todaySql})::int as overdue,
        count(*) filter (where p.status = 'signed_off'
          and (p.signed_off_at at time zone 'Asia/Shanghai')::date <= p.deadline)::int as on_time
      from problems p join orgs o on o.id = p.org_id
      where o.path <@ ${org.path}::ltree and p.status not in ('draft', 'cancelled') ${campaign}
        and ${scopeSql(ctx.actor, 'problem.read', sql`o.path`)}
      group by 1
    )
    select c.id, c.name, c.path::text as path,
      (select count(*)::int from orgs k where k.parent_id = c.id and k.active) as child_count,
      coalesce(a.total, 0) as total, coalesce(a.open, 0) as open, coalesce(a.in_progress, 0) as in_progress,
      coalesce(a.submitted, 0) as submitted, coalesce(a.signed_off, 0) as signed_off,
      coalesce(a.overdue, 0) as overdue, coalesce(a.on_time, 0) as on_time
    from orgs c left join agg a on a.key = c.path
    where (c.parent_id = ${org.id} and c.active) or c.id = ${org.id}
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
    return { id: n('id'), name: String(r.name), childCount: n('child_count'), counts };
  });
  const selfRow = rows.find((r) => r.id === org.id);
  const children = rows.filter((r) => r.id !== org.id);
  const sum = { ...ZERO };
  for (const r of rows) for (const k of Object.keys(sum) as (keyof Counts)[]) sum[k] += r.counts[k];
  return {
    org: { id: org.id, name: org.name, parentId: org.parentId },
    self: row(org.id, '本级', 0, selfRow?.counts ?? ZERO),
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
