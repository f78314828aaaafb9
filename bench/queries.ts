/**
 * The benchmarked queries: the app's own repo functions (what the endpoints run) and, beside them, the plain
 * recursive-CTE aggregation over the same data as the baseline. Shared by bench/run.ts and the CI smoke test.
 */
import { eq, sql, type SQL } from 'drizzle-orm';
import type { Db, Executor } from '../server/src/db/client.js';
import { orgs } from '../server/src/modules/orgs/orgs.table.js';
import { countProblems, listProblems } from '../server/src/modules/problems/problems.repo.js';
import { scopeCounts } from '../server/src/modules/tasks/tasks.repo.js';
import { countsSql, pickCounts } from '../server/src/modules/tasks/tasks.sql.js';
import type { Actor } from '../server/src/platform/access/access.js';
import { loadActor } from '../server/src/platform/access/load-actor.js';
import { users } from '../server/src/platform/auth/auth.table.js';

async function rows<T>(ex: Executor, q: SQL): Promise<T[]> {
  return ((await ex.execute(q)) as unknown as { rows: T[] }).rows;
}

export interface Scope {
  label: 'root' | 'district';
  actor: Actor;
  orgId: number;
  path: string;
}

/** The two bench users' actors (bench_root at the root, bench_district at a district). */
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
  return out;
}

export interface OpinionRates {
  received: number;
  signedOnTime: number;
  resolved: number;
  rated: number;
  satisfied: number;
  responseRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
}

/**
 * The three opinion rates: response (signed within the limit), resolution (closed), satisfaction (满意 or
 * 比较满意 among rated). The opinions module has no statistics query yet, so this one is the bench's own.
 */
const opinionSelect = sql`count(*)::int as received,
  count(*) filter (where op.signed_at <= op.sign_deadline)::int as signed_on_time,
  count(*) filter (where op.status = 'closed')::int as resolved,
  count(*) filter (where op.rating is not null)::int as rated,
  count(*) filter (where op.rating in ('满意', '比较满意'))::int as satisfied`;

function rates(r: Record<string, unknown> | undefined): OpinionRates {
  const n = (k: string) => Number(r?.[k] ?? 0);
  const div = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 1000) / 1000);
  return {
    received: n('received'),
    signedOnTime: n('signed_on_time'),
    resolved: n('resolved'),
    rated: n('rated'),
    satisfied: n('satisfied'),
    responseRate: div(n('signed_on_time'), n('received')),
    resolutionRate: div(n('resolved'), n('received')),
    satisfactionRate: div(n('satisfied'), n('rated')),
  };
}

export interface Dashboard {
  problems: { status: Record<string, number>; light: Record<string, number> };
  assignments: ReturnType<typeof pickCounts>;
  opinions: OpinionRates | null;
}

/** The dashboard roll-up as the app computes it: ltree subtree filters (`path <@ root`) on indexed joins. */
export async function dashboardRollup(
  db: Db,
  s: Scope,
  now: Date,
  withOpinions: boolean,
): Promise<Dashboard> {
  const problems = await countProblems(db, s.actor, { orgId: s.orgId });
  const assignments = await scopeCounts(db, s.actor, now);
  let opinions: OpinionRates | null = null;
  if (withOpinions) {
    const [r] = await rows<Record<string, unknown>>(
      db,
      sql`select ${opinionSelect} from opinions op join orgs o on o.id = op.org_id
        where o.path <@ ${s.path}::ltree and not op.hidden and not op.unreasonable`,
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
 * with an overdue measure or no progress within the ledger's interval; blue near the deadline), so the baseline
 * does not lean on the module's query helpers. The smoke test proves both give the same counts.
 */
const baselineLight = sql`case
  when p.status not in ('open', 'in_progress') then 'none'
  when p.deadline < ${today} then 'red'
  when exists (select 1 from problem_measures m where m.problem_id = p.id and not m.done and m.deadline < ${today})
    or p.last_progress_at < now() - make_interval(days => l.report_days) then 'yellow'
  when p.deadline <= ${today} + l.warn_days then 'blue'
  else 'green' end`;

/** Baseline: the same numbers by walking the tree with a recursive CTE over parent_id. */
export async function dashboardRecursive(
  db: Db,
  s: Scope,
  now: Date,
  withOpinions: boolean,
): Promise<Dashboard> {
  const pr = await rows<{ status: string; light: string; n: number }>(
    db,
    sql`${subtreeCte(s.orgId)}
      select p.status, ${baselineLight} as light, count(*)::int as n
      from problems p join problem_ledgers l on l.campaign_id = p.campaign_id
      where p.org_id in (select id from sub) group by 1, 2`,
  );
  const status: Record<string, number> = {};
  const light: Record<string, number> = {};
  for (const r of pr) {
    status[r.status] = (status[r.status] ?? 0) + Number(r.n);
    light[r.light] = (light[r.light] ?? 0) + Number(r.n);
  }
  const [a] = await rows<Record<string, unknown>>(
    db,
    sql`${subtreeCte(s.orgId)} select ${countsSql('a', 't', now)}
      from assignments a join tasks t on t.id = a.task_id where a.org_id in (select id from sub)`,
  );
  let opinions: OpinionRates | null = null;
  if (withOpinions) {
    const [r] = await rows<Record<string, unknown>>(
      db,
      sql`${subtreeCte(s.orgId)} select ${opinionSelect} from opinions op
        where op.org_id in (select id from sub) and not op.hidden and not op.unreasonable`,
    );
    opinions = rates(r);
  }
  return { problems: { status, light }, assignments: pickCounts(a ?? {}), opinions };
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

export function ledgerPage(db: Db, s: Scope, q: LedgerQuery) {
  return listProblems(db, s.actor, { ...q, page: 1, pageSize: 20, sort: 'deadline' });
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
