/**
 * The rows of a ledger export, in ledger order (campaign, seq), handed over a batch at a time so that any
 * ledger size streams in bounded memory and in time linear in its size: the filter and the sort run once,
 * and each batch's problems, measures, files and rules are fetched by primary/foreign key, a query per batch.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { PgliteDatabase } from 'drizzle-orm/pglite';
import type { Db, Executor } from '../../db/client.js';
import type { Actor } from '../../platform/access/access.js';
import { orgs } from '../orgs/orgs.table.js';
import type { LedgerProblem } from './problems.ledger.js';
import type { ProblemState } from './problems.machine.js';
import { filterConds, resolveOrg, type ResolvedFilter } from './problems.repo.js';
import type { MeasureType, Source, TProblemFilter } from './problems.schemas.js';
import {
  problemFiles,
  problemLedgers,
  problemMeasures,
  problems,
  ruleProblems,
  rules,
} from './problems.table.js';

export const EXPORT_BATCH = 1000;

/** The filtered ledger's problems (with the joins the filters need), keyed for ledger order. */
function filtered(db: Executor, actor: Actor, f: ResolvedFilter) {
  return db
    .select({ id: problems.id, campaignId: problems.campaignId, seq: problems.seq })
    .from(problems)
    .innerJoin(orgs, eq(orgs.id, problems.orgId))
    .innerJoin(problemLedgers, eq(problemLedgers.campaignId, problems.campaignId))
    .where(and(...filterConds(actor, f)));
}

function groupBy<T extends { problemId: number }>(rows: T[]): Map<number, T[]> {
  const m = new Map<number, T[]>();
  for (const r of rows) {
    const list = m.get(r.problemId);
    if (list) list.push(r);
    else m.set(r.problemId, [r]);
  }
  return m;
}

const day = (d: Date) => d.toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' });

/** `col = any('{1,2,…}'::int[])`: one parameter for the whole batch, on either engine. */
const anyOf = (col: AnyPgColumn, ids: number[]) => sql`${col} = any(${`{${ids.join(',')}}`}::int[])`;

/** One batch of problems, by id, with the columns a ledger row shows; in the order of `ids`. */
async function loadBatch(db: Executor, ids: number[]): Promise<LedgerProblem[]> {
  // in sequence: on PostgreSQL this runs on the cursor's one connection
  const rows = await db
    .select({
      id: problems.id,
      number: problems.number,
      source: problems.source,
      category: problems.category,
      title: problems.title,
      manifestation: problems.manifestation,
      causeSubjective: problems.causeSubjective,
      causeSystemic: problems.causeSystemic,
      target: problems.target,
      leaderName: problems.leaderName,
      personName: problems.personName,
      deadline: problems.deadline,
      resultText: problems.resultText,
      status: problems.status,
      isPublic: problems.isPublic,
      signedOffAt: problems.signedOffAt,
      signedOffByName: problems.signedOffByName,
      signOffOpinion: problems.signOffOpinion,
      orgName: orgs.name,
    })
    .from(problems)
    .innerJoin(orgs, eq(orgs.id, problems.orgId))
    .where(anyOf(problems.id, ids));
  const measures = await db
    .select({
      problemId: problemMeasures.problemId,
      text: problemMeasures.text,
      type: problemMeasures.type,
      deadline: problemMeasures.deadline,
      ownerName: problemMeasures.ownerName,
      progress: problemMeasures.progress,
      done: problemMeasures.done,
    })
    .from(problemMeasures)
    .where(anyOf(problemMeasures.problemId, ids))
    .orderBy(asc(problemMeasures.problemId), asc(problemMeasures.seq));
  const files = await db
    .select({ problemId: problemFiles.problemId, name: problemFiles.fileName })
    .from(problemFiles)
    .where(anyOf(problemFiles.problemId, ids))
    .orderBy(asc(problemFiles.id));
  const linked = await db
    .select({ problemId: ruleProblems.problemId, title: rules.title })
    .from(ruleProblems)
    .innerJoin(rules, eq(rules.id, ruleProblems.ruleId))
    .where(anyOf(ruleProblems.problemId, ids))
    .orderBy(asc(rules.id));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const m = groupBy(measures);
  const fl = groupBy(files);
  const rl = groupBy(linked);
  const out: LedgerProblem[] = [];
  for (const id of ids) {
    const p = byId.get(id);
    if (!p) continue; // deleted since the ids were read
    out.push({
      ...p,
      source: p.source as Source,
      status: p.status as ProblemState,
      measures: (m.get(id) ?? []).map((x) => ({ ...x, type: x.type as MeasureType })),
      files: (fl.get(id) ?? []).map((x) => x.name),
      rules: (rl.get(id) ?? []).map((x) => x.title),
      signOff: p.signedOffAt
        ? { date: day(p.signedOffAt), name: p.signedOffByName ?? '', opinion: p.signOffOpinion ?? '' }
        : null,
    });
  }
  return out;
}

/**
 * Calls `each` with the filtered ledger, a batch at a time, in ledger order.
 * PostgreSQL: one server-side cursor over the ordered ids, in a read-only repeatable-read transaction (one
 * consistent snapshot; memory bounded by the batch). PGlite: the ordered ids read in one query as an int[]
 * (4 bytes a row on the wire), then the batches — a transaction there would hold the single in-process
 * connection, and every other request with it, for the whole export.
 */
export async function forEachLedgerBatch(
  db: Db,
  actor: Actor,
  filter: TProblemFilter,
  each: (batch: LedgerProblem[]) => Promise<void> | void,
): Promise<void> {
  const f = await resolveOrg(db, filter);
  // not a type guard: a PgliteDatabase is not typed as our Db
  const pglite: boolean = db instanceof PgliteDatabase;
  if (pglite) {
    const q = filtered(db, actor, f).as('q');
    const [{ ids }] = await db
      .select({ ids: sql<number[]>`coalesce(array_agg(${q.id} order by ${q.campaignId}, ${q.seq}), '{}')` })
      .from(q);
    for (let i = 0; i < ids.length; i += EXPORT_BATCH)
      await each(await loadBatch(db, ids.slice(i, i + EXPORT_BATCH)));
    return;
  }
  await db.transaction(
    async (tx) => {
      await tx.execute(
        sql`declare ledger_export no scroll cursor for ${filtered(tx, actor, f).orderBy(asc(problems.campaignId), asc(problems.seq))}`,
      );
      for (;;) {
        const { rows } = await tx.execute(sql.raw(`fetch ${EXPORT_BATCH} from ledger_export`));
        if (rows.length === 0) break;
        await each(
          await loadBatch(
            tx,
            rows.map((r) => Number(r.id)),
          ),
        );
        if (rows.length < EXPORT_BATCH) break;
      }
      await tx.execute(sql`close ledger_export`);
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}
