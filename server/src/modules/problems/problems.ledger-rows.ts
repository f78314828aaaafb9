/**
 * ledger_rows: each problem's 整改台账 row (from column B on, ledgerRowXml) rendered once per change, so that
 * an export only copies text (issue 6). Exact by construction: a fragment is absent or current. The
 * `ledger_rows_sql` migration's triggers delete it with any change to what it shows; writers here lock the
 * problem rows FOR UPDATE before reading them (see that migration for why this is race-free). A missing
 * fragment only costs the export a live render of that row.
 */
import { sql } from 'drizzle-orm';
import { PgliteDatabase } from 'drizzle-orm/pglite';
import type { Db, Executor } from '../../db/client.js';
import { intArray, loadLedgerProblems } from './problems.export-rows.js';
import { ledgerRowXml } from './problems.ledger.js';
import { ledgerRows, problems } from './problems.table.js';

const BATCH = 1000;

/**
 * Renders and stores the fragments of the given problems. Call it at the end of a (READ COMMITTED) write
 * transaction that changed them: the rows are locked first, then read by later statements, which see every
 * change committed before the lock and this transaction's own.
 */
export async function refreshLedgerRows(tx: Executor, ids: readonly number[]): Promise<number> {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  let written = 0;
  for (let i = 0; i < sorted.length; i += BATCH) {
    const chunk = sorted.slice(i, i + BATCH);
    // in id order, as the triggers lock (ledger_rows_forget)
    await tx.execute(
      sql`select 1 from ${problems} where ${problems.id} = any(${intArray(chunk)}) order by ${problems.id} for update`,
    );
    const byId = await loadLedgerProblems(tx, chunk);
    if (byId.size === 0) continue;
    // one JSON parameter: a 1,000-row VALUES list cost more to build and bind than the insert itself
    const json = JSON.stringify([...byId].map(([id, p]) => ({ id, xml: ledgerRowXml(p) })));
    await tx.execute(sql`
      insert into ${ledgerRows} (problem_id, xml)
      select r.id, r.xml from json_to_recordset(${json}::json) as r(id int, xml text)
      on conflict (problem_id) do update set xml = excluded.xml`);
    written += byId.size;
  }
  return written;
}

/**
 * Fills every missing fragment, a transaction per batch (lock, read, render, insert); answers how many.
 * On PostgreSQL two batches run side by side, so one renders in node while the other is in the database.
 */
export async function fillLedgerRows(db: Db, opts: { batch?: number } = {}): Promise<number> {
  const batch = opts.batch ?? BATCH;
  const lanes = db instanceof PgliteDatabase ? 1 : 2;
  let after = 0;
  let written = 0;
  for (;;) {
    const { rows } = await db.execute(sql`
      select p.id from ${problems} p
      where p.id > ${after} and not exists (select 1 from ${ledgerRows} lr where lr.problem_id = p.id)
      order by p.id limit ${batch * 8}`);
    if (rows.length === 0) return written;
    const ids = rows.map((r) => Number(r.id));
    after = ids[ids.length - 1];
    let next = 0;
    const lane = async () => {
      while (next < ids.length) {
        const chunk = ids.slice(next, (next += batch));
        const n = await db.transaction((tx) => refreshLedgerRows(tx, chunk));
        written += n;
      }
    };
    await Promise.all(Array.from({ length: lanes }, lane));
  }
}

/**
 * Renders up to `limit` missing fragments, lowest ids first, in the caller's transaction: the `ledger-rows` job,
 * which refills what an org rename, a rule retitle or a new migration left missing, a bounded slice a minute.
 */
export async function fillSomeLedgerRows(tx: Executor, limit: number): Promise<number> {
  const { rows } = await tx.execute(sql`
    select p.id from ${problems} p
    where not exists (select 1 from ${ledgerRows} lr where lr.problem_id = p.id)
    order by p.id limit ${limit}`);
  return rows.length
    ? refreshLedgerRows(
        tx,
        rows.map((r) => Number(r.id)),
      )
    : 0;
}

export interface LedgerRowsCheck {
  checked: number;
  /** problems whose stored fragment differs from a fresh render (should never happen) */
  stale: number[];
}

/** Re-renders every stored fragment and compares, a batch at a time, each batch in one snapshot. */
export async function verifyLedgerRows(db: Db): Promise<LedgerRowsCheck> {
  const out: LedgerRowsCheck = { checked: 0, stale: [] };
  let after = 0;
  for (;;) {
    const rows = await db.transaction(
      async (tx) => {
        const { rows } = (await tx.execute(sql`
          select problem_id as id, xml from ${ledgerRows}
          where problem_id > ${after} order by problem_id limit ${BATCH}`)) as unknown as {
          rows: { id: number; xml: string }[];
        };
        const byId = await loadLedgerProblems(
          tx,
          rows.map((r) => r.id),
        );
        for (const r of rows) {
          const p = byId.get(r.id);
          if (!p || ledgerRowXml(p) !== r.xml) out.stale.push(r.id);
        }
        return rows;
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
    if (rows.length === 0) return out;
    out.checked += rows.length;
    after = rows[rows.length - 1].id;
  }
}
