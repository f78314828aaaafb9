/**
 * The benchmarked queries: the app's own repo functions (what the endpoints run) and, beside them, the plain
 * recursive-CTE aggregation over the same data as the baseline. Shared by bench/run.ts and the CI smoke test.
 */
import { eq, sql, type SQL } from 'drizzle-orm';
import type { Db, Executor } from '../server/src/db/client.js';
import { orgs } from '../server/src/modules/orgs/orgs.table.js';
import { countProblems } from '../server/src/modules/problems/problems.repo.js';
import { listProblems } from '../server/src/modules/problems/problems.service.js';
import { dashboard } from '../server/src/modules/dashboard/dashboard.service.js';
import type { OpinionCounts } from '../server/src/modules/dashboard/rollup.repo.js';
import type { Actor } from '../server/src/platform/access/access.js';
import { loadActor } from '../server/src/platform/access/load-actor.js';
import { users } from '../server/src/platform/auth/auth.table.js';
import { statsFromBoth } from '../server/src/test/stats-oracle.js';

async function rows<T>(ex: Executor, q: SQL): Promise<T[]> {
  return ((await ex.execute(q)) as unknown as { rows: T[] }).rows;
}

export interface Scope {
  label: 'root' | 'district' | 'unit';
  actor: Actor;
  orgId: number;
  path: string;
}

/** The two bench users' actors (bench_root at the root, bench_district at a district), and a unit below. */
export async function benchScopes(db: Db): Promise<Scope[]> {
  const out: Scope[] = [];
  for (const [label, username] of [
    ['root', 'bench_root'],
    ['district', 'bench_district'],
  ] as const) {
    const [u] = await db
      .select({ id: users.id, orgId: users.orgId, path: orgs.path })
      .from(users)
      .innerJoin(orgs, eq(orgs.id, users.orgId))
      .where(eq(users.username, username));
    const actor = await loadActor(db, u.id);
    if (!actor || u.orgId === null) throw new Error(`${username} missing: run npm run bench:data first`);
    out.push({ label, actor, orgId: u.orgId, path: u.path });
  }
  // a unit one level above the branches (the first by id), read by the root's actor: "at any node"
  const [unit] = await rows<{ id: number; path: string }>(
    db,
    sql`select o.id, o.path::text as path from orgs o
      where nlevel(o.path) = (select max(nlevel(path)) - 1 from orgs) order by o.id limit 1`,
  );
  if (unit) out.push({ label: 'unit', actor: out[0].actor, orgId: Number(unit.id), path: unit.path });
  return out;
}

/**
 * The three opinion rates as the opinions module defines them (opinions.stats.ts): hidden opinions count
 * nowhere and ones marked unreasonable are left out; 响应率 = signed within the sign deadline + tolerance /
 * received, 解决率 = answered and not rated unsatisfied / received, 满意率 = 满意 + 比较满意 / rated (%, 1 decimal).
 */
export type OpinionRates = Omit<OpinionCounts, 'answered' | 'excluded'>;

export const BENCH_TOLERANCE_HOURS = 0;

const opinionSelect = sql`count(*) filter (where not op.unreasonable)::int as received,
  count(*) filter (where not op.unreasonable
    and op.signed_at <= op.sign_deadline + make_interval(hours => ${BENCH_TOLERANCE_HOURS}))::int as signed_on_time,
  count(*) filter (where not op.unreasonable and op.answered_at is not null
    and (op.rating is null or op.rating in ('满意', '比较满意')))::int as resolved,
  count(*) filter (where not op.unreasonable and op.rating is not null)::int as rated,
  count(*) filter (where not op.unreasonable and op.rating in ('满意', '比较满意'))::int as satisfied`;

function rates(r: Record<string, unknown> | undefined): OpinionRates {
  const n = (k: string) => Number(r?.[k] ?? 0);
  const pct = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 1000) / 10);
  return {
    received: n('received'),
    signedOnTime: n('signed_on_time'),
    resolved: n('resolved'),
    rated: n('rated'),
    satisfied: n('satisfied'),
    responseRate: pct(n('signed_on_time'), n('received')),
    resolutionRate: pct(n('resolved'), n('received')),
    satisfactionRate: pct(n('satisfied'), n('rated')),
  };
}

/** What the dashboard answers for a subtree, in one shape for the three ways of computing it. */
export interface Dashboard {
  problems: { status: Record<string, number>; light: Record<string, number> };
  assignments: Record<string, number>;
  opinions: OpinionRates | null;
}

const byKey = (list: { k: string; n: number }[]) => {
  const out: Record<string, number> = {};
  for (const r of list) if (Number(r.n)) out[r.k] = (out[r.k] ?? 0) + Number(r.n);
  return out;
};

/** The dashboard as the endpoint serves it: GET /api/v1/dashboard, from the pre-aggregated counters. */
export async function dashboardCounters(db: Db, s: Scope, withOpinions: boolean): Promise<Dashboard> {
  const d = await dashboard(db, s.actor, { orgId: s.orgId }, BENCH_TOLERANCE_HOURS);
  const p = d.problems!;
  const light = Object.fromEntries(Object.entries(p.light).filter(([, n]) => n > 0));
  const status = Object.fromEntries(Object.entries(p.byStatus).map(([k, v]) => [k, v.total]));
  let opinions: OpinionRates | null = null;
  if (withOpinions && d.opinions) {
    const { answered: _a, excluded: _e, ...o } = d.opinions;
    opinions = o;
  }
  return { problems: { status, light }, assignments: d.assignments?.byStatus ?? {}, opinions };
}

/** The same numbers read from the rows at request time with ltree subtree filters (`path <@ root`). */
export async function dashboardRollup(db: Db, s: Scope, withOpinions: boolean): Promise<Dashboard> {
  const problems = await countProblems(db, s.actor, { orgId: s.orgId });
  const assignments = byKey(
    await rows<{ k: string; n: number }>(
      db,
      sql`select a.status as k, count(*)::int as n from assignments a join orgs o on o.id = a.org_id
        where o.path <@ ${s.path}::ltree group by 1`,
    ),
  );
  let opinions: OpinionRates | null = null;
  if (withOpinions) {
    const [r] = await rows<Record<string, unknown>>(
      db,
      sql`select ${opinionSelect} from opinions op join orgs o on o.id = op.org_id
        where o.path <@ ${s.path}::ltree and not op.hidden`,
    );
    opinions = rates(r);
  }
  return { problems, assignments, opinions };
}

const subtreeCte = (orgId: number) => sql`with recursive sub as (
    select id from orgs where id = ${orgId}
    union all select c.id from orgs c join sub on c.parent_id = sub.id)`;

const today = sql`(now() at time zone 'Asia/Shanghai')::date`;
/**
 * The problem light written out plainly (the rules of problems.repo's lightSql: red past the deadline; yellow
 * with an overdue measure or no progress within the ledger's interval, in days; blue near the deadline), so the
 * baseline does not lean on the module's query helpers. The smoke test proves all three give the same counts.
 */
const baselineLight = sql`case
  when p.status not in ('open', 'in_progress') then 'none'
  when p.deadline < ${today} then 'red'
  when exists (select 1 from problem_measures m where m.problem_id = p.id and not m.done and m.deadline < ${today})
    or (p.last_progress_at at time zone 'Asia/Shanghai')::date + l.report_days < ${today} then 'yellow'
  when p.deadline <= ${today} + l.warn_days then 'blue'
  else 'green' end`;

/** Baseline: the same numbers by walking the tree with a recursive CTE over parent_id. */
export async function dashboardRecursive(db: Db, s: Scope, withOpinions: boolean): Promise<Dashboard> {
  const pr = await rows<{ status: string; light: string; n: number }>(
    db,
    sql`${subtreeCte(s.orgId)}
      select p.status, ${baselineLight} as light, count(*)::int as n
      from problems p join problem_ledgers l on l.campaign_id = p.campaign_id
      where p.org_id in (select id from sub) group by 1, 2`,
  );
  const status = byKey(pr.map((r) => ({ k: r.status, n: r.n })));
  const light = byKey(pr.map((r) => ({ k: r.light, n: r.n })));
  const assignments = byKey(
    await rows<{ k: string; n: number }>(
      db,
      sql`${subtreeCte(s.orgId)} select a.status as k, count(*)::int as n from assignments a
        where a.org_id in (select id from sub) group by 1`,
    ),
  );
  let opinions: OpinionRates | null = null;
  if (withOpinions) {
    const [r] = await rows<Record<string, unknown>>(
      db,
      sql`${subtreeCte(s.orgId)} select ${opinionSelect} from opinions op
        where op.org_id in (select id from sub) and not op.hidden`,
    );
    opinions = rates(r);
  }
  return { problems: { status, light }, assignments, opinions };
}

export interface LedgerQuery {
  orgId: number;
  status: 'in_progress';
  deadlineFrom: string;
  deadlineTo: string;
}

/** The ledger page the list endpoint serves: subtree + status + deadline range, by deadline, 20, with total. */
export function ledgerQuery(s: Scope, today: string): LedgerQuery {
  const day = (d: number) => new Date(Date.parse(today) + d * 86_400_000).toISOString().slice(0, 10);
  return { orgId: s.orgId, status: 'in_progress', deadlineFrom: day(-30), deadlineTo: day(90) };
}

/** What GET /api/v1/problems runs (the service: counters where they answer), with or without the counts. */
export function ledgerPage(db: Db, s: Scope, q: LedgerQuery, withCounts = false) {
  const ctx = { actor: s.actor, requestId: 'bench', ip: '127.0.0.1', locale: 'zh-CN' as const };
  return listProblems(db, ctx, { ...q, page: 1, pageSize: 20, sort: 'deadline', withCounts });
}

/** Baseline: the same page and total with the subtree from a recursive CTE. */
export async function ledgerRecursive(db: Db, q: LedgerQuery) {
  const list = await rows<{ id: number; total: number }>(
    db,
    sql`${subtreeCte(q.orgId)} select p.id, count(*) over()::int as total from problems p
      where p.org_id in (select id from sub) and p.status = ${q.status}
        and p.deadline between ${q.deadlineFrom}::date and ${q.deadlineTo}::date
      order by p.deadline, p.id limit 20`,
  );
  return { ids: list.map((r) => Number(r.id)), total: Number(list[0]?.total ?? 0) };
}

/** Plain COUNT of the ledger filter, for consistency checks. */
export async function ledgerCount(db: Db, q: LedgerQuery): Promise<number> {
  const [r] = await rows<{ n: number }>(
    db,
    sql`select count(*)::int as n from problems p join orgs o on o.id = p.org_id
      where o.path <@ (select path from orgs where id = ${q.orgId}) and p.status = ${q.status}
        and p.deadline between ${q.deadlineFrom}::date and ${q.deadlineTo}::date`,
  );
  return Number(r.n);
}

/** A unit and its active children: the rows of the staff and public statistics tables. */
export async function statsUnits(db: Executor, s: Scope): Promise<number[]> {
  const kids = await rows<{ id: number }>(
    db,
    sql`select id from orgs where parent_id = ${s.orgId} and active order by sort_order, id`,
  );
  return [s.orgId, ...kids.map((k) => Number(k.id))];
}

/**
 * The staff and public statistics of those units (opinions with overdue, published problems, deeds) from the
 * counters (what GET /opinion-stats and /public/stats read) or from the row-aggregating queries they replaced.
 */
export const stats = (db: Executor, ids: number[], at: Date, how?: 'counters' | 'rows') =>
  statsFromBoth(db, ids, BENCH_TOLERANCE_HOURS, at, how);
