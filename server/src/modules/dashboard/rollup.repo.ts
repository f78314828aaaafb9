import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { orgIdOfPath } from '../../platform/access/access.js';
import { todaySql } from '../../db/today.js';
import { NEAR_DAYS, rows } from '../tasks/tasks.sql.js';

/**
 * Reads of the pre-aggregated roll-ups (tables in rollup.table.ts, triggers in the `scale_sql` migration).
 * Each read touches only the counter rows of one org, so it costs the same at the root as at a branch.
 */

/** A rate in %, one decimal; null without data. The staff and public statistics and the dashboard count with it. */
export const rate = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 1000) / 10 : null);

export const LIGHTS = ['red', 'yellow', 'blue', 'green', 'none'] as const;
export type Light = (typeof LIGHTS)[number];

export interface ProblemCounts {
  /** per status */
  status: Record<string, number>;
  /** per light (open and in-progress problems carry one; the rest are `none`) */
  light: Record<string, number>;
  /** per status, per light */
  byStatus: Record<string, Record<Light, number>>;
  /** signed off no later than the deadline */
  onTime: number;
}

interface ProblemRow {
  status: string;
  total: number;
  d_lt_t: number;
  d_le_tw: number;
  y_lt_t: number;
  m_lt_t: number;
  m4_lt_tw1: number;
  on_time: number;
}

const zeroLights = (): Record<Light, number> => ({ red: 0, yellow: 0, blue: 0, green: 0, none: 0 });

/**
 * The lights from day histograms, with t = today and w = the campaign's warn days (per open problem: D the
 * deadline, Y the yellow day): red = #(D < t); yellow = #(Y < t) − #(max(D,Y) < t);
 * blue = #(t ≤ D ≤ t+w) − [#(max(D, Y+w+1) < t+w+1) − #(max(D,Y) < t)]; green = the rest.
 */
function lightsOf(r: ProblemRow): Record<Light, number> {
  const l = zeroLights();
  if (r.status !== 'open' && r.status !== 'in_progress') {
    l.none = r.total;
    return l;
  }
  l.red = r.d_lt_t;
  l.yellow = r.y_lt_t - r.m_lt_t;
  l.blue = r.d_le_tw - r.d_lt_t - (r.m4_lt_tw1 - r.m_lt_t);
  l.green = r.total - l.red - l.yellow - l.blue;
  return l;
}

/** `'{1,2,…}'::int[]`: one parameter for all the orgs, on either engine. */
export const idArray = (ids: number[]) => sql`${`{${ids.map((id) => Math.trunc(id)).join(',')}}`}::int[]`;

/**
 * `col` is one of the ids: `= $1` for one id, else `= any($1::int[])`. For one org (the dashboard) the planner then
 * estimates the counter rows from the column's statistics, whatever the id, so a named statement's generic plan
 * costs what its custom plans do and PostgreSQL keeps it, skipping the planning of every run (with an array
 * parameter the generic estimate was ten times the custom one, and every run was planned again).
 */
export const inIds = (col: SQL, ids: number[]) =>
  ids.length === 1 ? sql`${col} = ${Math.trunc(ids[0])}` : sql`${col} = any(${idArray(ids)})`;

const emptyProblems = (): ProblemCounts => ({ status: {}, light: {}, byStatus: {}, onTime: 0 });

/** Problems of the subtree of `orgId` by status and light, from the counters (one campaign or all). */
export async function problemCounts(
  ex: Executor,
  orgId: number,
  campaignId?: number,
): Promise<ProblemCounts> {
  return (await problemCountsOf(ex, [orgId], campaignId)).get(orgId) ?? emptyProblems();
}

/**
 * The counter rows of several orgs' subtrees summed per org, campaign and status (each org's own rows, by the
 * primary key's leading org_id); problemCountsFrom folds them into ProblemCounts.
 */
export function problemCountsSql(orgIds: number[], campaignId?: number): SQL {
  const today = todaySql;
  const w = sql`coalesce(l.warn_days, 7)`;
  // No sum looks past today + the largest warn days (kinds 0 and 5 sit at -infinity), so the histogram rows
  // beyond it (most of a campaign's future deadlines) are skipped in the index rather than aggregated.
  const horizon = sql`(select ${today} + greatest(coalesce(max(warn_days), 7), 7) from problem_ledgers)`;
  return sql`select r.org_id, r.status,
        coalesce(sum(r.n) filter (where r.kind = 0), 0)::int as total,
        coalesce(sum(r.n) filter (where r.kind = 1 and r.day < ${today}), 0)::int as d_lt_t,
        coalesce(sum(r.n) filter (where r.kind = 1 and r.day <= ${today} + ${w}), 0)::int as d_le_tw,
        coalesce(sum(r.n) filter (where r.kind = 2 and r.day < ${today}), 0)::int as y_lt_t,
        coalesce(sum(r.n) filter (where r.kind = 3 and r.day < ${today}), 0)::int as m_lt_t,
        coalesce(sum(r.n) filter (where r.kind = 4 and r.day < ${today} + ${w} + 1), 0)::int as m4_lt_tw1,
        coalesce(sum(r.n) filter (where r.kind = 5), 0)::int as on_time
      from rollup_problems r left join problem_ledgers l on l.campaign_id = r.campaign_id
      where ${inIds(sql`r.org_id`, orgIds)} and r.day <= ${horizon}
        ${campaignId ? sql`and r.campaign_id = ${campaignId}` : sql``}
      group by r.org_id, r.campaign_id, r.status`;
}

/** ProblemCounts per org from the rows of problemCountsSql; orgs without any counter row are absent. */
export function problemCountsFrom(list: Record<string, unknown>[]): Map<number, ProblemCounts> {
  const out = new Map<number, ProblemCounts>();
  for (const raw of list) {
    const r = Object.fromEntries(
      Object.entries(raw).map(([k, v]) => [k, k === 'status' ? v : Number(v)]),
    ) as unknown as ProblemRow & { org_id: number };
    if (r.total === 0) continue;
    const lights = lightsOf(r);
    let o = out.get(r.org_id);
    if (!o) out.set(r.org_id, (o = emptyProblems()));
    o.status[r.status] = (o.status[r.status] ?? 0) + r.total;
    o.onTime += r.on_time;
    const per = (o.byStatus[r.status] ??= zeroLights());
    for (const k of LIGHTS) {
      per[k] += lights[k];
      if (lights[k]) o.light[k] = (o.light[k] ?? 0) + lights[k];
    }
  }
  return out;
}

/**
 * The same for several orgs' subtrees in one query: what a table of child units needs. Orgs without any
 * counter row are absent from the map.
 */
export async function problemCountsOf(
  ex: Executor,
  orgIds: number[],
  campaignId?: number,
): Promise<Map<number, ProblemCounts>> {
  if (orgIds.length === 0) return new Map();
  return problemCountsFrom(await rows<Record<string, unknown>>(ex, problemCountsSql(orgIds, campaignId)));
}

/** Problems of several disjoint subtrees together (a caller whose scope has several roots). */
export async function problemCountsSum(
  ex: Executor,
  orgIds: number[],
  campaignId?: number,
): Promise<ProblemCounts> {
  const sum = emptyProblems();
  const add = (to: Record<string, number>, from: Record<string, number>) => {
    for (const [k, n] of Object.entries(from)) to[k] = (to[k] ?? 0) + n;
  };
  for (const c of (await problemCountsOf(ex, orgIds, campaignId)).values()) {
    add(sum.status, c.status);
    add(sum.light, c.light);
    for (const [s, l] of Object.entries(c.byStatus)) add((sum.byStatus[s] ??= zeroLights()), l);
    sum.onTime += c.onTime;
  }
  return sum;
}

/** Statuses whose problems carry a deadline histogram (kind 1) in the counters. */
export const DATED_STATUSES = ['open', 'in_progress'] as const;

/**
 * Open or in-progress problems of the subtrees with a deadline in [from, to] (either end optional), from the
 * counters' deadline histogram.
 */
export async function deadlineCount(
  ex: Executor,
  orgIds: number[],
  status: (typeof DATED_STATUSES)[number],
  range: { campaignId?: number; from?: string; to?: string },
): Promise<number> {
  if (orgIds.length === 0) return 0;
  const [r] = await rows<{ n: number }>(
    ex,
    sql`select coalesce(sum(r.n), 0)::int as n from rollup_problems r
      where r.org_id = any(${idArray(orgIds)}) and r.status = ${status} and r.kind = 1
        ${range.campaignId ? sql`and r.campaign_id = ${range.campaignId}` : sql``}
        ${range.from ? sql`and r.day >= ${range.from}::date` : sql``}
        ${range.to ? sql`and r.day <= ${range.to}::date` : sql``}`,
  );
  return Number(r?.n ?? 0);
}

/** Assignments of the subtree by status, from the counters. */
export async function assignmentCounts(ex: Executor, orgId: number, campaignId?: number) {
  return (await assignmentCountsOf(ex, [orgId], campaignId)).get(orgId) ?? {};
}

/** Assignments of several orgs' subtrees per org and status (sums that are not zero). */
export const assignmentCountsSql = (orgIds: number[], campaignId?: number) =>
  sql`select org_id, status, sum(n)::int as n from rollup_assignments
    where ${inIds(sql`org_id`, orgIds)} ${campaignId ? sql`and campaign_id = ${campaignId}` : sql``}
    group by org_id, status having sum(n) <> 0`;

/** Per org from the rows of assignmentCountsSql; orgs without any assignment are absent. */
export function assignmentCountsFrom(list: { org_id: number; status: string; n: number }[]) {
  const out = new Map<number, Record<string, number>>();
  for (const r of list) {
    const id = Number(r.org_id);
    if (!out.has(id)) out.set(id, {});
    out.get(id)![r.status] = Number(r.n);
  }
  return out;
}

/** The same for several orgs' subtrees in one query; orgs without any assignment are absent. */
export async function assignmentCountsOf(ex: Executor, orgIds: number[], campaignId?: number) {
  if (orgIds.length === 0) return new Map<number, Record<string, number>>();
  return assignmentCountsFrom(
    await rows<{ org_id: number; status: string; n: number }>(ex, assignmentCountsSql(orgIds, campaignId)),
  );
}

/** Hours of 3,600 s since the epoch, rounded down: the buckets of rollup_assignment_hours (`rollup_hour`). */
const hourOf = (t: Date) => Math.floor(t.getTime() / 3_600_000);
const hourStart = (h: number) => new Date(h * 3_600_000).toISOString();

export interface AssignmentLights {
  red: number;
  yellow: number;
  blue: number;
}

/**
 * Red, yellow and blue assignments of the subtrees rooted at `roots` (disjoint paths) at time `at`: each count
 * below a time X is the hour histogram's sum below X's hour plus the rows of X's own hour, read by index
 * (the open-deadline index for D, rollup_assignment_state for Y and max(Y, D − 3 days)). The rules are those of
 * tasks.sql.ts `lightSql`; the counters are in rollup_assignment_hours (rollup.table.ts).
 */
export async function assignmentLights(
  ex: Executor,
  roots: string[],
  at: Date,
  campaignId?: number,
): Promise<AssignmentLights> {
  if (roots.length === 0) return { red: 0, yellow: 0, blue: 0 };
  const near = new Date(at.getTime() + 24 * NEAR_DAYS * 3_600_000);
  const [h0, h3] = [hourOf(at), hourOf(near)];
  const t = sql`${at.toISOString()}::timestamptz`;
  const t3 = sql`${near.toISOString()}::timestamptz`;
  const inRoots = sql`o.path <@ ARRAY[${sql.join(
    roots.map((r) => sql`${r}::ltree`),
    sql`, `,
  )}]`;
  const campaign = (col: SQL) => (campaignId ? sql`and ${col} = ${campaignId}` : sql``);
  const deadlines = (from: string, to: SQL) => sql`(select count(*)::int from assignments a
      join orgs o on o.id = a.org_id ${campaignId ? sql`join tasks tk on tk.id = a.task_id` : sql``}
    where a.status not in ('completed', 'accepted') and a.deadline >= ${from}::timestamptz and a.deadline < ${to}
      and ${inRoots} ${campaign(sql`tk.campaign_id`)})`;
  const states = (
    col: SQL,
  ) => sql`(select count(*)::int from rollup_assignment_state s join orgs o on o.id = s.org_id
    where ${col} >= ${hourStart(h0)}::timestamptz and ${col} < ${t} and ${inRoots} ${campaign(sql`s.campaign_id`)})`;
  const [r] = await rows<{ d_t: number; d_t3: number; y_t: number; m_t: number }>(
    ex,
    sql`select
        coalesce(sum(h.n) filter (where h.kind = 1 and h.hour < ${h0}), 0)::int + ${deadlines(hourStart(h0), t)} as d_t,
        coalesce(sum(h.n) filter (where h.kind = 1), 0)::int + ${deadlines(hourStart(h3), t3)} as d_t3,
        coalesce(sum(h.n) filter (where h.kind = 2 and h.hour < ${h0}), 0)::int + ${states(sql`s.yellow_at`)} as y_t,
        coalesce(sum(h.n) filter (where h.kind = 3 and h.hour < ${h0}), 0)::int + ${states(sql`s.mixed_at`)} as m_t
      from rollup_assignment_hours h
      where h.org_id = any(${idArray(roots.map(orgIdOfPath))}) and h.hour < ${h3} ${campaign(sql`h.campaign_id`)}`,
  );
  const red = Number(r.d_t);
  return { red, blue: Number(r.d_t3) - red, yellow: Number(r.y_t) - Number(r.m_t) };
}

export interface OpinionCounts {
  received: number;
  signedOnTime: number;
  answered: number;
  resolved: number;
  rated: number;
  satisfied: number;
  excluded: number;
  /** 响应率 = signed within sign deadline + tolerance / received (%, one decimal; null without data) */
  responseRate: number | null;
  /** 解决率 = answered and not rated unsatisfied / received */
  resolutionRate: number | null;
  /** 满意率 = 满意 + 比较满意 / rated */
  satisfactionRate: number | null;
}

/**
 * The opinions' three rates over the subtree, defined as the opinions module's statistics (opinions.stats.ts):
 * hidden ones count nowhere, ones marked unreasonable only as excluded; a signature up to `toleranceHours`
 * (whole hours) after the sign deadline counts as on time.
 */
export async function opinionCounts(
  ex: Executor,
  orgId: number,
  toleranceHours: number,
): Promise<OpinionCounts> {
  return (await opinionCountsOf(ex, [orgId], toleranceHours)).get(orgId)!;
}

/** The opinion counters of the orgs, summed per org and metric (metric 1 within the tolerance). */
export const opinionCountsSql = (orgIds: number[], toleranceHours: number) =>
  sql`select org_id, metric, sum(n)::int as n from rollup_opinions
    where ${inIds(sql`org_id`, orgIds)} and metric <= 6
      and (metric <> 1 or bucket <= ${Math.floor(toleranceHours)})
    group by org_id, metric`;

/** The same for several orgs' subtrees in one query; every org asked for is in the map (zeros without data). */
export async function opinionCountsOf(
  ex: Executor,
  orgIds: number[],
  toleranceHours: number,
): Promise<Map<number, OpinionCounts>> {
  const list = orgIds.length
    ? await rows<{ org_id: number; metric: number; n: number }>(ex, opinionCountsSql(orgIds, toleranceHours))
    : [];
  return opinionCountsFrom(list, orgIds);
}

/** OpinionCounts per org from the rows of opinionCountsSql. */
export function opinionCountsFrom(
  list: { org_id: number; metric: number; n: number }[],
  orgIds: number[],
): Map<number, OpinionCounts> {
  const out = new Map<number, OpinionCounts>();
  for (const orgId of orgIds) {
    const m = (k: number) =>
      Number(list.find((r) => Number(r.org_id) === orgId && Number(r.metric) === k)?.n ?? 0);
    const c = {
      received: m(0),
      signedOnTime: m(1),
      answered: m(2),
      resolved: m(3),
      rated: m(4),
      satisfied: m(5),
      excluded: m(6),
    };
    out.set(orgId, {
      ...c,
      responseRate: rate(c.signedOnTime, c.received),
      resolutionRate: rate(c.resolved, c.received),
      satisfactionRate: rate(c.satisfied, c.rated),
    });
  }
  return out;
}

/** The orgs whose subtrees each part of the dashboard is read for (a part may be readable at fewer orgs). */
export interface PartOrgs {
  problems: number[];
  assignments: number[];
  opinions: number[];
}

/** A subquery's rows as one json array column ('[]' without orgs, so nothing is read). */
const jsonRows = (orgIds: number[], q: () => SQL) =>
  orgIds.length
    ? sql<unknown>`(select coalesce(json_agg(x), '[]'::json) from (${q()}) x)`
    : sql<unknown>`'[]'::json`;

/**
 * The three parts' counter reads as json columns of one select (add them to a query's own columns): one round
 * trip instead of three. On a loaded 2-core server three concurrent statements also wait for three backends,
 * which cost a province district's dashboard more than the reads themselves (docs/performance.md).
 */
export function countersColumns(orgs: PartOrgs, campaignId: number | undefined, toleranceHours: number) {
  return {
    problems: jsonRows(orgs.problems, () => problemCountsSql(orgs.problems, campaignId)),
    assignments: jsonRows(orgs.assignments, () => assignmentCountsSql(orgs.assignments, campaignId)),
    opinions: jsonRows(orgs.opinions, () => opinionCountsSql(orgs.opinions, toleranceHours)),
  };
}

/** json arrives parsed from node-postgres and PGlite; a string is parsed here in case a driver leaves it. */
const jsonList = <T>(v: unknown): T[] => (typeof v === 'string' ? JSON.parse(v) : (v ?? [])) as T[];

/** The three parts per org from the columns of countersColumns. */
export function countersFrom(
  row: { problems: unknown; assignments: unknown; opinions: unknown },
  orgs: PartOrgs,
) {
  return {
    problems: problemCountsFrom(jsonList(row.problems)),
    assignments: assignmentCountsFrom(jsonList(row.assignments)),
    opinions: opinionCountsFrom(jsonList(row.opinions), orgs.opinions),
  };
}

/** The three parts for several orgs' subtrees in one statement. */
export async function countersOf(
  ex: Executor,
  orgs: PartOrgs,
  campaignId: number | undefined,
  toleranceHours: number,
) {
  const c = countersColumns(orgs, campaignId, toleranceHours);
  const [row] = await rows<{ problems: unknown; assignments: unknown; opinions: unknown }>(
    ex,
    sql`select ${c.problems} as problems, ${c.assignments} as assignments, ${c.opinions} as opinions`,
  );
  return countersFrom(row, orgs);
}
