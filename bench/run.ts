/**
 * npm run bench -- --scale small|city|province [--database-url URL | --pglite-dir DIR] [--runs N]
 *   [--http-seconds S] [--http-workers N] [--no-queries] [--no-http] [--no-export] [--no-import] [--import-rows N] [--no-migrate]
 * Times the dashboard roll-up and the ledger list against recursive-CTE baselines in the same run, the HTTP
 * dashboard beside a bare Fastify route, and the streamed Excel export; prints a table and writes JSON under
 * bench/results/.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../server/src/db/client.js';
import { migrate } from '../server/src/db/migrate.js';
import { rollup } from '../server/src/modules/problems/problems.rollup.js';
import { exportBench, type ExportResult } from './export.js';
import { importBench, printTransfers, type TransferResult } from './transfer.js';
import { measureWebBundle, type WebBundle } from './web-bundle.js';
import { against, printTable, time, type Timing } from './harness.js';
import { httpBench, type HttpResult } from './http.js';
import * as Q from './queries.js';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: 'small' },
    'database-url': { type: 'string' },
    'pglite-dir': { type: 'string' },
    /**
     * timed runs of each fast path (after three warm-ups): the p95 of n runs is about the (n/20)-th largest, so
     * 30 runs give the second largest (one stray scheduler pause decides it) and 100 the fifth
     */
    runs: { type: 'string', default: '100' },
    /** fewer runs (after one warm-up) for the row-reading paths, which take seconds each at province scale */
    'slow-runs': { type: 'string' },
    'http-seconds': { type: 'string', default: '10' },
    /**
     * autocannon's load generators in worker threads (1: beside the servers' thread, as a client elsewhere
     * would be; 0: in the servers' own event loop, which then also parses every response and timestamps it)
     */
    'http-workers': { type: 'string', default: '1' },
    /** skip the query suite (to rerun the HTTP, export or import parts alone) */
    'no-queries': { type: 'boolean', default: false },
    'no-http': { type: 'boolean', default: false },
    'no-export': { type: 'boolean', default: false },
    'no-import': { type: 'boolean', default: false },
    'import-rows': { type: 'string', default: '100000' },
    /**
     * leave the database's migrations as they are: to time a branch against a shared bench database whose new
     * indexes were built by hand, without recording the branch's migrations there
     */
    'no-migrate': { type: 'boolean', default: false },
  },
});
const scale = values.scale ?? 'small';
const url = values['database-url'] ?? process.env.DATABASE_URL;
const pgliteDir = values['pglite-dir'] ?? `./data/bench-${scale}`;
const runs = Number(values.runs);
const slowRuns = Number(values['slow-runs'] ?? runs);
const slowWarmup = values['slow-runs'] ? 1 : 3;

/** JSON with object keys sorted, to compare results whose keys come in any order. */
const canon = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b)))
      : x,
  );

const database = await openDatabase({ databaseUrl: url, pgliteDir });
const db = database.db;
try {
  if (!values['no-migrate']) await migrate(database);
  const scopes = await Q.benchScopes(db);
  const count = async (table: string) =>
    Number(
      (
        (await db.execute(sql.raw(`select count(*)::int as n from ${table}`))) as unknown as {
          rows: { n: number }[];
        }
      ).rows[0].n,
    );
  const sizes: Record<string, number> = {};
  for (const t of ['orgs', 'people', 'problems', 'problem_measures', 'tasks', 'assignments', 'opinions']) {
    sizes[t] = await count(t).catch(() => -1);
  }
  const withOpinions = sizes.opinions >= 0;
  const now = new Date();
  const today = now.toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' });
  console.log(`${scale} on ${database.engine}: ${JSON.stringify(sizes)}`);

  const timings: Timing[] = [];
  const checks: string[] = [];
  for (const s of values['no-queries'] ? [] : scopes) {
    const base = await time(
      `dashboard roll-up, recursive CTE (${s.label})`,
      slowRuns,
      () => Q.dashboardRecursive(db, s, withOpinions),
      slowWarmup,
    );
    const rowsPath = await time(
      `dashboard roll-up, rows via ltree (${s.label})`,
      slowRuns,
      () => Q.dashboardRollup(db, s, withOpinions),
      slowWarmup,
    );
    const counters = await time(`dashboard roll-up, counters = GET /dashboard (${s.label})`, runs, () =>
      Q.dashboardCounters(db, s, withOpinions),
    );
    timings.push(base, against(rowsPath, base), {
      ...against(counters, base),
      target: s.label === 'root' ? 'p95 ≤ 20 ms, ≥ 20×' : 'p95 ≤ 5 ms',
    });
    const expected = canon(await Q.dashboardRecursive(db, s, withOpinions));
    if (canon(await Q.dashboardCounters(db, s, withOpinions)) !== expected)
      checks.push(`${s.label}: the counters differ from the recursive CTE`);
    if (canon(await Q.dashboardRollup(db, s, withOpinions)) !== expected)
      checks.push(`${s.label}: the ltree rows differ from the recursive CTE`);

    timings.push(
      await time(`problems/rollup per child unit (${s.label})`, runs, () =>
        rollup(
          db,
          { actor: s.actor, requestId: 'bench', ip: '127.0.0.1', locale: 'zh-CN' },
          { orgId: s.orgId },
        ),
      ),
    );
    const lq = Q.ledgerQuery(s, today);
    const lbase = await time(`ledger page, recursive CTE (${s.label})`, runs, () =>
      Q.ledgerRecursive(db, lq),
    );
    const lfast = await time(`ledger page + total = GET /problems (${s.label})`, runs, () =>
      Q.ledgerPage(db, s, lq),
    );
    const lcounts = await time(
      `ledger page + counts by status and light (${s.label})`,
      slowRuns,
      () => Q.ledgerPage(db, s, lq, true),
      slowWarmup,
    );
    timings.push(lbase, { ...against(lfast, lbase), target: 'p95 ≤ 30 ms' }, against(lcounts, lbase));
    const ledgerBase = await Q.ledgerRecursive(db, lq);
    const n = await Q.ledgerCount(db, lq);
    for (const withCounts of [false, true]) {
      const page = await Q.ledgerPage(db, s, lq, withCounts);
      if (page.total !== n) checks.push(`${s.label}: ledger total ${page.total} ≠ COUNT ${n}`);
      if (page.items.map((x) => x.id).join() !== ledgerBase.ids.join())
        checks.push(`${s.label}: the ledger page differs from the recursive CTE's`);
    }
    // the staff and public statistics tables (a unit and its children): counters against the old row aggregation
    const ids = await Q.statsUnits(db, s);
    const sbase = await time(
      `statistics table, row aggregation (${s.label})`,
      slowRuns,
      () => Q.stats(db, ids, now, 'rows'),
      slowWarmup,
    );
    const sfast = await time(`statistics table, counters (${s.label})`, runs, () =>
      Q.stats(db, ids, now, 'counters'),
    );
    timings.push(sbase, against(sfast, sbase));
    const both = await Q.stats(db, ids, now);
    if (JSON.stringify(both.counters) !== JSON.stringify(both.oracle))
      checks.push(`${s.label}: the statistics from the counters differ from the row aggregation`);
  }
  if (values['no-queries']) console.log('query suite skipped (--no-queries)');
  else printTable(timings);
  if (!values['no-queries'])
    console.log(checks.length ? `CHECKS FAILED: ${checks.join('; ')}` : 'consistency checks: ok');

  let exported: ExportResult | undefined;
  if (!values['no-export']) {
    const root = scopes[0];
    const all = await Q.dashboardCounters(db, root, false);
    const rows = Object.values(all.problems.status).reduce((x, y) => x + y, 0);
    exported = await exportBench(db, root, rows);
    console.log(
      `${exported.name}: ${exported.rows} rows in ${exported.seconds.toFixed(1)} s = ` +
        `${Math.round(exported.rowsPerSec)} rows/s, ${(exported.bytes / 1e6).toFixed(1)} MB, ` +
        `RSS ${exported.rssBeforeMb} → peak ${exported.peakRssMb} MB`,
    );
  }

  let imported: TransferResult[] = [];
  if (!values['no-import']) {
    imported = await importBench(db, scopes[0], Number(values['import-rows']));
    printTransfers(imported);
  }
  // the web bundle, when it has been built (npm run build:web)
  let web: WebBundle | undefined;
  try {
    web = measureWebBundle();
    console.log(
      `initial JavaScript ${web.initialGzipKb} KB gzipped; ${web.pages.length} lazy pages; ${web.problems.join('; ') || 'ok'}`,
    );
  } catch (err) {
    console.log(`web bundle not measured: ${String(err)}`);
  }

  let http: HttpResult[] = [];
  if (!values['no-http']) {
    http = await httpBench(database, {
      seconds: Number(values['http-seconds']),
      workers: Number(values['http-workers']),
      districtId: scopes[1].orgId,
    });
    const workers = Number(values['http-workers']);
    const where = workers ? `${workers} worker thread(s)` : 'the servers’ own thread';
    console.log(`HTTP: 50 connections, autocannon in ${where}`);
    for (const h of http) {
      console.log(
        `${h.name}: ${Math.round(h.requestsPerSec)} req/s, p50 ${h.latencyP50Ms} ms, p99 ${h.latencyP99Ms} ms` +
          (h.non2xx || h.errors ? `, non-2xx ${h.non2xx}, errors ${h.errors}` : ''),
      );
    }
  }

  const result = {
    at: now.toISOString(),
    scale,
    engine: database.engine,
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model,
      memGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
    },
    sizes,
    timings,
    checks,
    export: exported,
    import: imported,
    web,
    http,
  };
  const dir = path.join(import.meta.dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${scale}-${database.engine}-${now.toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
  if (checks.length) process.exitCode = 1;
} finally {
  await database.close();
}
