import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { requireVisible, scopeRoots, scopeSql } from '../../platform/access/access.js';
import type { Ctx } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { orgs } from '../orgs/orgs.table.js';

/**
 * Self-inspection progress by child unit: rounds, people who answered, people who submitted. One query grouping the
 * subtree's answers by path prefix, as the problem roll-up does.
 */
export async function inspectionProgress(db: Db, ctx: Ctx, q: { orgId?: number; campaignId?: number }) {
  let orgId = q.orgId;
  if (!orgId) {
    const [root] = scopeRoots(ctx.actor, 'problem.read');
    if (!root) throw notFound();
    const [o] = await db
      .select({ id: orgs.id })
      .from(orgs)
      .where(sql`${orgs.path} = ${root}::ltree`);
    orgId = o?.id;
  }
  const [org] = await db
    .select({ id: orgs.id, name: orgs.name, path: orgs.path })
    .from(orgs)
    .where(eq(orgs.id, orgId ?? 0));
  requireVisible(ctx.actor, 'problem.read', org?.path);
  const level = org.path.split('.').length;
  const campaign = q.campaignId ? sql`and r.campaign_id = ${q.campaignId}` : sql``;
  const res = await db.execute(sql`
    with agg as (
      select case when nlevel(o.path) = ${level} then o.path else subpath(o.path, 0, ${level + 1}) end as key,
        count(distinct r.id)::int as rounds,
        count(distinct a.user_id)::int as participants,
        count(distinct a.user_id) filter (where a.status = 'submitted')::int as submitted
      from inspection_rounds r join orgs o on o.id = r.org_id
        left join inspection_answers a on a.round_id = r.id
      where o.path <@ ${org.path}::ltree ${campaign} and ${scopeSql(ctx.actor, 'problem.read', sql`o.path`)}
      group by 1
    )
    select c.id, c.name, coalesce(a.rounds, 0) as rounds, coalesce(a.participants, 0) as participants,
      coalesce(a.submitted, 0) as submitted
    from orgs c left join agg a on a.key = c.path
    where (c.parent_id = ${org.id} and c.active) or c.id = ${org.id}
    order by (c.id = ${org.id}) desc, c.sort_order, c.id`);
  const rows = res.rows.map((r) => ({
    orgId: Number(r.id),
    orgName: Number(r.id) === org.id ? '本级' : String(r.name),
    rounds: Number(r.rounds),
    participants: Number(r.participants),
    submitted: Number(r.submitted),
  }));
  return { org: { id: org.id, name: org.name }, rows };
}
