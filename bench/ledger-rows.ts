/**
 * The ledger export with its stored rows (ledger_rows) against the live render (ledger_rows set aside), on
 * PostgreSQL, alternating, in one session: rows/s, node CPU and the cluster's CPU per row. Restores the
 * stored rows at the end.
 *   tsx bench/ledger-rows.ts --database-url postgres://… [--runs 3] [--pg-pid <postmaster pid>]
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../server/src/db/client.js';
import { exportBench } from './export.js';
import * as Q from './queries.js';

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    runs: { type: 'string', default: '3' },
    'pg-pid': { type: 'string' },
  },
});
const url = values['database-url'];
if (!url) throw new Error('--database-url is required');

/** utime + stime of the postmaster's children (the backends), in ms; 0 when unknown. */
function pgCpuMs(postmaster: number | undefined): number {
  if (!postmaster) return 0;
  const tick = 10; // USER_HZ 100
  let total = 0;
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(f[1]) !== postmaster) continue; // ppid
      total += (Number(f[11]) + Number(f[12])) * tick;
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

const database = await openDatabase({ databaseUrl: url, pgliteDir: ':memory:' });
const db = database.db;
const postmaster = values['pg-pid'] ? Number(values['pg-pid']) : undefined;
try {
  const root = (await Q.benchScopes(db))[0];
  const [{ n }] = (await db.execute(sql`select count(*)::int as n from problems`)).rows as { n: number }[];
  const [{ stored }] = (await db.execute(sql`select count(*)::int as stored from ledger_rows`)).rows as {
    stored: number;
  }[];
  console.log(`${n} problems, ${stored} stored ledger rows`);
  await db.execute(sql`drop table if exists ledger_rows_bench_saved`);
  await db.execute(sql`create table ledger_rows_bench_saved as select * from ledger_rows`);
  const measure = async (label: string) => {
    const c0 = process.cpuUsage();
    const p0 = pgCpuMs(postmaster);
    const r = await exportBench(db, root, n);
    const c = process.cpuUsage(c0);
    const pg = pgCpuMs(postmaster) - p0;
    const nodeUs = ((c.user + c.system) / n).toFixed(1);
    const pgUs = postmaster ? ((pg * 1000) / n).toFixed(1) : '?';
    console.log(
      `${label}: ${n} rows in ${r.seconds.toFixed(2)} s = ${Math.round(r.rowsPerSec)} rows/s, ` +
        `${(r.bytes / 1048576).toFixed(1)} MB, peak RSS ${r.peakRssMb} MB, node CPU ${nodeUs} µs/row, ` +
        `PostgreSQL CPU ${pgUs} µs/row, load ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}`,
    );
    return r.rowsPerSec;
  };
  await measure('warm-up (stored)');
  for (let i = 0; i < Number(values.runs); i++) {
    await measure('stored');
    await db.execute(sql`truncate ledger_rows`);
    await measure('live  ');
    await db.execute(sql`insert into ledger_rows select * from ledger_rows_bench_saved`);
  }
} finally {
  await db.execute(sql`insert into ledger_rows select * from ledger_rows_bench_saved on conflict do nothing`);
  await db.execute(sql`drop table ledger_rows_bench_saved`);
  await database.close();
}
