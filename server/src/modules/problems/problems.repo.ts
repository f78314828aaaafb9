import { and, asc, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { alias, QueryBuilder } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/client.js';
import { todaySql } from '../../db/today.js';
import { scopeSql, type Actor } from '../../platform/access/access.js';
import { campaigns } from '../campaigns/campaigns.table.js';
import { likeText } from '../orgs/orgs.repo.js';
import { orgs } from '../orgs/orgs.table.js';
import type { TProblemCounts, TProblemFilter, TProblemItem, TProblemListQuery } from './problems.schemas.js';
import {
  problemEvents,
  problemFiles,
  problemGroups,
  problemLedgers,
  problemMeasures,
  problems,
  ruleProblems,
  rules,
} from './problems.table.js';

/**
 * No progress within the ledger's reporting interval, counted in calendar days (China): progress on day d is
 * late from day d + reportDays + 1. Days, not hours, so the per-org counters (rollup_problem_facts in the
 * `scale_sql` migration) can count the lights exactly.
 */
const progressLateSql = sql`(${problems.lastProgressAt} at time zone 'Asia/Shanghai')::date + ${problemLedgers.reportDays} < ${todaySql}`;

/** Per problem, one index scan over its measures (a lateral join): count, done, and whether one is overdue. */
export const measureStats = new QueryBuilder()
  .select({
    n: sql<number>`count(*)::int`.as('n'),
    done: sql<number>`(count(*) filter (where ${problemMeasures.done}))::int`.as('done'),
    late: sql<boolean>`coalesce(bool_or(not ${problemMeasures.done} and ${problemMeasures.deadline} < ${todaySql}), false)`.as(
      'late',
    ),
  })
  .from(problemMeasures)
  .where(eq(problemMeasures.problemId, problems.id))
  .as('ms');

/**
 * The light, computed at read time so it is never stale: red past the deadline; yellow when a measure is
 * overdue or no progress came within the ledger's reporting interval; blue when the deadline is near.
 * Only open and in-progress problems carry a light. Needs `measureStats` joined.
 */
export const lightSql = sql<TProblemItem['light']>`case
  when ${problems.status} not in ('open', 'in_progress') then 'none'
  when ${problems.deadline} < ${todaySql} then 'red'
  when ${measureStats.late}
    or ${progressLateSql} then 'yellow'
  when ${problems.deadline} <= ${todaySql} + ${problemLedgers.warnDays} then 'blue'
  else 'green' end`;

/**
 * The same light with the overdue-measure test as an EXISTS, for counting: it runs only for open problems not
 * yet red, where the lateral `measureStats` aggregates every row's measures — 5–10× slower over a subtree
 * (docs/performance.md). Needs no join beyond `problem_ledgers`.
 */
export const lightCountSql = sql<TProblemItem['light']>`case
  when ${problems.status} not in ('open', 'in_progress') then 'none'
  when ${problems.deadline} < ${todaySql} then 'red'
  when exists (select 1 from problem_measures lm where lm.problem_id = ${problems.id}
      and not lm.done and lm.deadline < ${todaySql})
    or ${progressLateSql} then 'yellow'
  when ${problems.deadline} <= ${todaySql} + ${problemLedgers.warnDays} then 'blue'
  else 'green' end`;

const itemColumns = {
  id: problems.id,
  number: problems.number,
  campaignId: problems.campaignId,
  title: problems.title,
  manifestation: problems.manifestation,
  category: problems.category,
  source: problems.source,
  orgId: problems.orgId,
  orgName: orgs.name,
  issuingOrgId: problems.issuingOrgId,
  leaderName: problems.leaderName,
  personName: problems.personName,
  deadline: problems.deadline,
  status: sql<TProblemItem['status']>`${problems.status}`,
  light: lightSql,
  isPublic: problems.isPublic,
  groupId: problems.groupId,
  extensionDeadline: problems.extensionDeadline,
  measureCount: measureStats.n,
  measuresDone: measureStats.done,
  version: problems.version,
  updatedAt: problems.updatedAt,
};

type ItemRow = Omit<TProblemItem, 'updatedAt'> & { updatedAt: Date };
const presentItem = (r: ItemRow): TProblemItem => ({ ...r, updatedAt: r.updatedAt.toISOString() });

/**
 * A filter whose `orgId` has been looked up (resolveOrg): its path, null when there is no such org, undefined
 * without an org filter. filterConds takes only these.
 */
export type ResolvedFilter<F extends TProblemFilter = TProblemFilter> = F & {
  orgPath: string | null | undefined;
};

/**
 * Looks up the filter's org once, so that the queries carry its subtree as a literal path: the planner then
 * estimates how many orgs the subtree holds (from a subquery's path it guesses 20, and at the root it walks
 * every org's problems through a nested loop instead of reading the deadline index in order).
 */
export async function resolveOrg<F extends TProblemFilter>(
  db: Executor,
  f: F | ResolvedFilter<F>,
): Promise<ResolvedFilter<F>> {
  if ('orgPath' in f) return f;
  if (!f.orgId) return { ...f, orgPath: undefined };
  const [o] = await db
    .select({ path: sql<string>`${orgs.path}::text` })
    .from(orgs)
    .where(eq(orgs.id, f.orgId));
  return { ...f, orgPath: o?.path ?? null };
}

/** Conditions of a ledger filter, always inside the caller's read scope. */
export function filterConds(actor: Actor, f: ResolvedFilter, withStateFilters = true): SQL[] {
  const conds: SQL[] = [scopeSql(actor, 'problem.read', orgs.path)];
  if (f.campaignId) conds.push(eq(problems.campaignId, f.campaignId));
  if (f.orgId) conds.push(f.orgPath ? sql`${orgs.path} <@ ${f.orgPath}::ltree` : sql`false`);
  if (f.source) conds.push(eq(problems.source, f.source));
  if (f.category) conds.push(eq(problems.category, f.category));
  if (f.groupId) conds.push(eq(problems.groupId, f.groupId));
  if (f.deadlineFrom) conds.push(sql`${problems.deadline} >= ${f.deadlineFrom}::date`);
  if (f.deadlineTo) conds.push(sql`${problems.deadline} <= ${f.deadlineTo}::date`);
  if (f.q) {
    const like = likeText(f.q);
    conds.push(
      or(ilike(problems.title, like), ilike(problems.manifestation, like), eq(problems.number, f.q))!,
    );
  }
  if (withStateFilters && f.status) conds.push(eq(problems.status, f.status));
  if (withStateFilters && f.light) conds.push(sql`${lightCountSql} = ${f.light}`);
  return conds;
}

const base = (db: Executor) =>
  db
    .select(itemColumns)
    .from(problems)
    .innerJoin(orgs, eq(orgs.id, problems.orgId))
    .innerJoin(problemLedgers, eq(problemLedgers.campaignId, problems.campaignId))
    .leftJoinLateral(measureStats, sql`true`);

const ORDER = {
  deadline: [asc(problems.deadline), asc(problems.id)],
  '-deadline': [desc(problems.deadline), desc(problems.id)],
  number: [asc(problems.campaignId), asc(problems.seq)],
  '-number': [desc(problems.campaignId), desc(problems.seq)],
  '-updatedAt': [desc(problems.updatedAt), desc(problems.id)],
} as const;

/** A total and counts the caller already has (from the roll-up counters), so the list need not count rows. */
export interface KnownCounts {
  total: number;
  counts: TProblemCounts | null;
}

export async function listProblems(
  db: Executor,
  actor: Actor,
  query: TProblemListQuery | ResolvedFilter<TProblemListQuery>,
  known?: KnownCounts,
) {
  const q = await resolveOrg(db, query);
  // The page's ids first, ordered on problem columns alone: the lateral measure join and the light then run
  // for the page's rows only, not for every row of the subtree before the sort (320 → 20 at demo scale).
  const pageIds = db
    .select({ id: problems.id })
    .from(problems)
    .innerJoin(orgs, eq(orgs.id, problems.orgId))
    .innerJoin(problemLedgers, eq(problemLedgers.campaignId, problems.campaignId))
    .where(and(...filterConds(actor, q)))
    .orderBy(...ORDER[q.sort])
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const rows = await base(db)
    .where(inArray(problems.id, pageIds))
    .orderBy(...ORDER[q.sort]);
  if (known) return { items: rows.map(presentItem), ...known };
  if (!q.withCounts)
    return { items: rows.map(presentItem), total: await countFiltered(db, actor, q), counts: null };
  const counts = await countProblems(db, actor, q);
  // The total follows from the counts (light counts are already limited to the status filter), so the page
  // query needs no count(*) over(), which would evaluate the lateral measure join for every matching row.
  const total = q.light
    ? (counts.light[q.light] ?? 0)
    : q.status
      ? (counts.status[q.status] ?? 0)
      : Object.values(counts.status).reduce((a, b) => a + b, 0);
  return { items: rows.map(presentItem), total, counts };
}

/** The number of problems the filter selects (status and light filters included). */
async function countFiltered(db: Executor, actor: Actor, f: ResolvedFilter): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(problems)
    .innerJoin(orgs, eq(orgs.id, problems.orgId))
    .innerJoin(problemLedgers, eq(problemLedgers.campaignId, problems.campaignId))
    .where(and(...filterConds(actor, f)));
  return r?.n ?? 0;
}

/** Counts per status and per light under the same filter, ignoring the status and light filters themselves. */
export async function countProblems(db: Executor, actor: Actor, filter: TProblemFilter | ResolvedFilter) {
  const f = await resolveOrg(db, filter);
  const rows = await db
    .select({ status: problems.status, light: lightCountSql, n: sql<number>`count(*)`.mapWith(Number) })
    .from(problems)
    .innerJoin(orgs, eq(orgs.id, problems.orgId))
    .innerJoin(problemLedgers, eq(problemLedgers.campaignId, problems.campaignId))
    .where(and(...filterConds(actor, f, false)))
    .groupBy(problems.status, sql`2`);
  const status: Record<string, number> = {};
  const light: Record<string, number> = {};
  for (const r of rows) {
    status[r.status] = (status[r.status] ?? 0) + r.n;
    if (!f.status || f.status === r.status) light[r.light] = (light[r.light] ?? 0) + r.n;
  }
  return { status, light };
}

const issuing = alias(orgs, 'issuing');

/** One problem in the caller's read scope, with what the detail page and the access rules need. */
export async function findProblem(db: Executor, actor: Actor, id: number) {
  const [row] = await db
    .select({
      ...itemColumns,
      orgPath: orgs.path,
      orgParentId: orgs.parentId,
      issuingOrgName: issuing.name,
      issuingPath: issuing.path,
      campaignCode: campaigns.code,
      checklistItemId: problems.checklistItemId,
      ownerUserId: problems.ownerUserId,
      submittedBy: problems.submittedBy,
      causeSubjective: problems.causeSubjective,
      causeSystemic: problems.causeSystemic,
      target: problems.target,
      resultText: problems.resultText,
      publicFields: problems.publicFields,
      links: problems.links,
      extensionReason: problems.extensionReason,
      signedOffAt: problems.signedOffAt,
      signedOffByName: problems.signedOffByName,
      signOffOpinion: problems.signOffOpinion,
      groupTitle: problemGroups.title,
      today: sql<string>`${todaySql}::text`,
    })
    .from(problems)
    .innerJoin(orgs, eq(orgs.id, problems.orgId))
    .innerJoin(issuing, eq(issuing.id, problems.issuingOrgId))
    .innerJoin(campaigns, eq(campaigns.id, problems.campaignId))
    .innerJoin(problemLedgers, eq(problemLedgers.campaignId, problems.campaignId))
    .leftJoin(problemGroups, eq(problemGroups.id, problems.groupId))
    .leftJoinLateral(measureStats, sql`true`)
    .where(and(eq(problems.id, id), scopeSql(actor, 'problem.read', orgs.path)));
  return row;
}
export type ProblemRow = NonNullable<Awaited<ReturnType<typeof findProblem>>>;

export async function lockProblem(tx: Executor, id: number) {
  const [row] = await tx.select().from(problems).where(eq(problems.id, id)).for('update');
  return row;
}

export function listMeasures(db: Executor, problemId: number) {
  return db
    .select({
      id: problemMeasures.id,
      problemId: problemMeasures.problemId,
      seq: problemMeasures.seq,
      text: problemMeasures.text,
      type: problemMeasures.type,
      deadline: problemMeasures.deadline,
      ownerName: problemMeasures.ownerName,
      progress: problemMeasures.progress,
      done: problemMeasures.done,
      groupId: problemMeasures.groupId,
      version: problemMeasures.version,
    })
    .from(problemMeasures)
    .where(eq(problemMeasures.problemId, problemId))
    .orderBy(asc(problemMeasures.seq), asc(problemMeasures.id));
}

export function listEvents(db: Executor, problemId: number) {
  return db
    .select({
      id: problemEvents.id,
      at: problemEvents.at,
      actorName: problemEvents.actorName,
      action: problemEvents.action,
      fromStatus: problemEvents.fromStatus,
      toStatus: problemEvents.toStatus,
      comment: problemEvents.comment,
    })
    .from(problemEvents)
    .where(eq(problemEvents.problemId, problemId))
    .orderBy(asc(problemEvents.at), asc(problemEvents.id));
}

export function listFiles(db: Executor, problemId: number) {
  return db
    .select({
      id: problemFiles.id,
      fileName: problemFiles.fileName,
      contentType: problemFiles.contentType,
      size: problemFiles.size,
      sha256: problemFiles.sha256,
      uploadedByName: problemFiles.uploadedByName,
      createdAt: problemFiles.createdAt,
    })
    .from(problemFiles)
    .where(eq(problemFiles.problemId, problemId))
    .orderBy(asc(problemFiles.id));
}

export function linkedRules(db: Executor, problemId: number) {
  return db
    .select({ id: rules.id, title: rules.title, docNumber: rules.docNumber })
    .from(ruleProblems)
    .innerJoin(rules, eq(rules.id, ruleProblems.ruleId))
    .where(eq(ruleProblems.problemId, problemId))
    .orderBy(asc(rules.id));
}

/** Takes the campaign's next problem number: one row per campaign, bumped under its row lock. */
export async function nextNumber(tx: Executor, campaignId: number, code: string, wanted?: number) {
  await tx.insert(problemLedgers).values({ campaignId }).onConflictDoNothing();
  const [r] = await tx
    .update(problemLedgers)
    .set({
      lastSeq:
        wanted === undefined
          ? sql`${problemLedgers.lastSeq} + 1`
          : sql`greatest(${problemLedgers.lastSeq}, ${wanted})`,
    })
    .where(eq(problemLedgers.campaignId, campaignId))
    .returning({ seq: problemLedgers.lastSeq });
  const seq = wanted ?? r.seq;
  return { seq, number: `${code}-${String(seq).padStart(6, '0')}` };
}

export async function addEvent(
  tx: Executor,
  e: {
    problemId: number;
    actorId: number;
    actorName: string;
    action: string;
    from?: string | null;
    to?: string | null;
    comment?: string;
  },
) {
  await tx.insert(problemEvents).values({
    problemId: e.problemId,
    actorId: e.actorId || null,
    actorName: e.actorName,
    action: e.action,
    fromStatus: e.from ?? null,
    toStatus: e.to ?? null,
    comment: e.comment ?? '',
  });
}
