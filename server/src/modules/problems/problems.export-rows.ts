/**
 * The rows of a ledger export, in ledger order (campaign, seq), handed over a batch at a time so that any
 * ledger size streams in bounded memory and in time linear in its size: the filter and the sort run once,
 * and each batch's problems with their measures, then its files and rules, are fetched by key in two queries.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { PgliteDatabase } from 'drizzle-orm/pglite';
import type { Db, Executor } from '../../db/client.js';
import type { Actor } from '../../platform/access/access.js';
import { orgs } from '../orgs/orgs.table.js';
import type { LedgerProblem } from './problems.ledger.js';
import type { ProblemState } from './problems.machine.js';
import { filterConds, resolveOrg, type ResolvedFilter } from './problems.repo.js';
import type { MeasureType, Source, TProblemFilter } from './problems.schemas.js';
import {
  ledgerRows,
  problemFiles,
  problemLedgers,
  problemMeasures,
  problems,
  ruleProblems,
  rules,
} from './problems.table.js';

export const EXPORT_BATCH = 1000;

/** The filtered ledger's problems (with the joins the filters need), keyed for ledger order. */
export function filtered(db: Executor, actor: Actor, f: ResolvedFilter) {
  return db
    .select({ id: problems.id, campaignId: problems.campaignId, seq: problems.seq })
    .from(problems)
    .innerJoin(orgs, eq(orgs.id, problems.orgId))
    .innerJoin(problemLedgers, eq(problemLedgers.campaignId, problems.campaignId))
    .where(and(...filterConds(actor, f)));
}

/**
 * The filtered ledger in ledger order with each problem's stored row (null when absent). The ids are sorted
 * first and the row fetched per id by key: joined before the sort, the planner hashes the whole ledger_rows
 * table and sorts the rows' text (on disk beyond work_mem).
 */
export function withStoredRows(db: Executor, actor: Actor, f: ResolvedFilter) {
  const q = filtered(db, actor, f).orderBy(asc(problems.campaignId), asc(problems.seq)).as('q');
  return db
    .select({
      id: q.id,
      xml: sql<
        string | null
      >`(select ${ledgerRows.xml} from ${ledgerRows} where ${ledgerRows.problemId} = ${q.id})`,
    })
    .from(q)
    .orderBy(asc(q.campaignId), asc(q.seq));
}

/** `'{1,2,…}'::int[]`: one parameter for the whole batch, on either engine. */
export const intArray = (ids: number[]) => sql`${`{${ids.join(',')}}`}::int[]`;

/** One problem row of a batch: measures as JSON arrays [text, type, deadline, owner, progress, done]. */
interface BatchRow {
  id: number;
  number: string;
  source: string;
  category: string;
  title: string;
  manifestation: string;
  cause_subjective: string;
  cause_systemic: string;
  target: string;
  leader_name: string;
  person_name: string;
  deadline: string;
  result_text: string;
  status: string;
  is_public: boolean;
  signed_off_day: string | null;
  signed_off_by_name: string | null;
  sign_off_opinion: string | null;
  org_name: string;
  measures: [string, string, string | null, string, string, boolean][] | null;
}

/**
 * The given problems, by id, with what a ledger row shows (deleted ones absent). Two queries: the
 * problems with their measures as JSON (parsed natively by the driver) and the sign-off day formatted in
 * SQL — per-row work in node (object mapping, Date parsing, Intl) was most of the export's time — then the
 * batch's files and rules, which most problems do not have, as one set (a subquery per problem for each
 * cost more than the whole set).
 */
export async function loadLedgerProblems(db: Executor, ids: number[]): Promise<Map<number, LedgerProblem>> {
  if (ids.length === 0) return new Map();
  // in sequence: on PostgreSQL this runs on the cursor's one connection
  const res = (await db.execute(sql`
    select p.id, p.number, p.source, p.category, p.title, p.manifestation,
      p.cause_subjective, p.cause_systemic, p.target, p.leader_name, p.person_name,
      p.deadline::text as deadline, p.result_text, p.status, p.is_public,
      to_char(p.signed_off_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as signed_off_day,
      p.signed_off_by_name, p.sign_off_opinion, o.name as org_name,
      -- aggregated in the order of an ordered subquery (the index's): json_agg(… order by seq) sets up a
      -- sort per problem on PostgreSQL 15 and took 3-4× as long
      (select json_agg(x) from (
         select json_build_array(m.text, m.type, m.deadline, m.owner_name, m.progress, m.done) as x
         from ${problemMeasures} m where m.problem_id = p.id order by m.seq) s) as measures
    from ${problems} p join ${orgs} o on o.id = p.org_id
    where p.id = any(${intArray(ids)})`)) as unknown as { rows: BatchRow[] };
  const attached = (await db.execute(sql`
    select f.problem_id, 'file' as kind, f.file_name as text, f.id
      from ${problemFiles} f where f.problem_id = any(${intArray(ids)})
    union all
    select rp.problem_id, 'rule', r.title, r.id
      from ${ruleProblems} rp join ${rules} r on r.id = rp.rule_id where rp.problem_id = any(${intArray(ids)})
    order by id`)) as unknown as { rows: { problem_id: number; kind: 'file' | 'rule'; text: string }[] };
  const files = new Map<number, string[]>();
  const linked = new Map<number, string[]>();
  for (const a of attached.rows) {
    const m = a.kind === 'file' ? files : linked;
    const list = m.get(a.problem_id);
    if (list) list.push(a.text);
    else m.set(a.problem_id, [a.text]);
  }
  // (unnest … with ordinality would keep the order in SQL, but the planner then hashes the whole table)
  return new Map(
    res.rows.map((r) => [r.id, ledgerProblem(r, files.get(r.id) ?? [], linked.get(r.id) ?? [])]),
  );
}

function ledgerProblem(r: BatchRow, files: string[], rules: string[]): LedgerProblem {
  return {
    number: r.number,
    source: r.source as Source,
    category: r.category,
    title: r.title,
    manifestation: r.manifestation,
    causeSubjective: r.cause_subjective,
    causeSystemic: r.cause_systemic,
    target: r.target,
    leaderName: r.leader_name,
    personName: r.person_name,
    deadline: r.deadline,
    resultText: r.result_text,
    status: r.status as ProblemState,
    isPublic: r.is_public,
    orgName: r.org_name,
    measures: (r.measures ?? []).map(([text, type, deadline, ownerName, progress, done]) => ({
      text,
      type: type as MeasureType,
      deadline,
      ownerName,
      progress,
      done,
    })),
    files,
    rules,
    signOff: r.signed_off_day
      ? { date: r.signed_off_day, name: r.signed_off_by_name ?? '', opinion: r.sign_off_opinion ?? '' }
      : null,
  };
}

/**
 * Calls `each` with the filtered ledger's rows, a batch at a time, in ledger order: each row from column B on
 * as XML (ledgerRowXml) — the stored fragment (ledger_rows) where there is one, else the problem to render, so the
 * sheet is complete and the same either way.
 * PostgreSQL (when the COPY path of problems.export-copy.ts does not apply): one server-side cursor over the
 * ordered problems with their fragments, in a read-only repeatable-read transaction (one consistent snapshot;
 * memory bounded by the batch). PGlite: the ordered ids read in one query as an int[] (4 bytes a row on the
 * wire), then the batches' fragments by id — a transaction there would hold the single in-process connection,
 * and every other request with it, for the whole export.
 */
export async function forEachLedgerRow(
  db: Db,
  actor: Actor,
  filter: TProblemFilter,
  each: (rows: (string | LedgerProblem)[]) => Promise<void> | void,
): Promise<void> {
  const f = await resolveOrg(db, filter);
  // not a type guard: a PgliteDatabase is not typed as our Db
  const pglite: boolean = db instanceof PgliteDatabase;
  if (pglite) {
    const q = filtered(db, actor, f).as('q');
    const [{ ids }] = await db
      .select({ ids: sql<number[]>`coalesce(array_agg(${q.id} order by ${q.campaignId}, ${q.seq}), '{}')` })
      .from(q);
    let i = 0;
    await pipelined(async () => {
      if (i >= ids.length) return undefined;
      i += EXPORT_BATCH;
      const batch = ids.slice(i - EXPORT_BATCH, i);
      const stored = await db
        .select({ id: ledgerRows.problemId, xml: ledgerRows.xml })
        .from(ledgerRows)
        .where(sql`${ledgerRows.problemId} = any(${intArray(batch)})`);
      const xml = new Map(stored.map((r) => [r.id, r.xml]));
      return completeRows(
        db,
        batch.map((id) => ({ id, xml: xml.get(id) ?? null })),
      );
    }, each);
    return;
  }
  await db.transaction(
    async (tx) => {
      await tx.execute(sql`declare ledger_export no scroll cursor for ${withStoredRows(tx, actor, f)}`);
      let done = false;
      await pipelined(async () => {
        if (done) return undefined;
        const { rows } = (await tx.execute(
          sql.raw(`fetch ${EXPORT_BATCH} from ledger_export`),
        )) as unknown as {
          rows: { id: number; xml: string | null }[];
        };
        done = rows.length < EXPORT_BATCH;
        return rows.length ? completeRows(tx, rows) : undefined;
      }, each);
      await tx.execute(sql`close ledger_export`);
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

/**
 * The batch in order: stored fragments as they are, the missing ones as problems read from the database, to
 * be rendered (ledgerRowXml) as they are written — rendered here, a batch of strings would outlive the young
 * generation and cost the GC more than the render.
 */
async function completeRows(
  db: Executor,
  rows: { id: number; xml: string | null }[],
): Promise<(string | LedgerProblem)[]> {
  const missing = rows.filter((r) => r.xml === null).map((r) => r.id);
  const live = missing.length ? await loadLedgerProblems(db, missing) : undefined;
  const out: (string | LedgerProblem)[] = [];
  for (const r of rows) {
    if (r.xml !== null) out.push(r.xml);
    else {
      const p = live?.get(r.id);
      if (p) out.push(p); // else deleted since read (PGlite, no snapshot)
    }
  }
  return out;
}

/**
 * Hands each batch to `each` while the next one is being read, so the database and the writer work side by
 * side (two batches in memory at most). `next` answers undefined at the end.
 */
export async function pipelined<T>(
  next: () => Promise<T | undefined>,
  each: (batch: T) => Promise<void> | void,
): Promise<void> {
  let pending = next();
  for (;;) {
    const batch = await pending;
    if (!batch) return;
    pending = next();
    try {
      await each(batch);
    } catch (err) {
      // let the read in flight finish before the transaction is rolled back
      await pending.catch(() => undefined);
      throw err;
    }
  }
}
