/**
 * Excel import speed: a generated 人员信息表 of N rows (preview = validation only, then the all-or-nothing
 * import, then the imported rows removed again) and a generated 整改台账 of N rows (preview only: the
 * validation a commit repeats). Rows/s and the peak RSS seen while each runs.
 *
 *   npm run bench:transfer -- [--database-url URL | --pglite-dir DIR] [--rows 100000] [--no-export]
 */
import { eq, sql } from 'drizzle-orm';
import { parseArgs } from 'node:util';
import type { Db } from '../server/src/db/client.js';
import { auditEvents } from '../server/src/platform/audit/audit.table.js';
import type { Ctx } from '../server/src/platform/context.js';
import { streamSheet, writeToBuffer } from '../server/src/platform/xlsx.js';
import { PEOPLE_LAYOUT, importPeople, previewPeople } from '../server/src/modules/people/people.transfer.js';
import { people } from '../server/src/modules/people/people.table.js';
import { previewLedger } from '../server/src/modules/problems/problems.excel.js';
import { LEDGER_COLUMNS, toCells } from '../server/src/modules/problems/problems.ledger.js';
import type { Scope } from './queries.js';

export interface TransferResult {
  name: string;
  rows: number;
  seconds: number;
  rowsPerSec: number;
  peakRssMb: number;
  note?: string;
  target?: string;
}

const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;

/** Runs `fn`, sampling RSS every 20 ms. */
export async function measured<T>(fn: () => Promise<T>) {
  global.gc?.();
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  try {
    const value = await fn();
    return { value, seconds: (performance.now() - t0) / 1000, peakRssMb: mb(peak) };
  } finally {
    clearInterval(timer);
  }
}

/** Org names that name exactly one active org (so a row needs no parent qualification). */
async function uniqueOrgNames(db: Db, limit: number): Promise<string[]> {
  const res = (await db.execute(
    sql`select name from orgs where active group by name having count(*) = 1 order by min(id) limit ${limit}`,
  )) as unknown as { rows: { name: string }[] };
  return res.rows.map((r) => r.name);
}

const STATUSES = ['中共党员', '中共预备党员', '共青团员', '群众'];
const TAG = 'BENCH导入';

function peopleSheet(units: string[], rows: number) {
  return writeToBuffer((out) =>
    streamSheet(out, PEOPLE_LAYOUT, async (add) => {
      for (let i = 0; i < rows; i++)
        add([
          i + 1,
          `${TAG}${i}`,
          i % 2 ? '女' : '男',
          units[i % units.length],
          i % 7 === 0 ? '支部书记' : '',
          STATUSES[i % STATUSES.length],
          `139${String(10_000_000 + i).slice(-8)}`,
        ]);
    }),
  );
}

function ledgerSheet(units: string[], rows: number, today: string) {
  return writeToBuffer((out) =>
    streamSheet(
      out,
      { sheetName: '整改台账', title: '检视问题整改台账', columns: [...LEDGER_COLUMNS] },
      async (add) => {
        for (let i = 0; i < rows; i++)
          add([
            i + 1,
            ...toCells({
              number: '',
              source: 'self',
              category: '作风建设',
              title: `${TAG}问题${i}`,
              manifestation: `问题表现${i}：会议多、文件多，基层负担重`,
              causeSubjective: '宗旨意识不强',
              causeSystemic: '考核机制不完善',
              target: '精简会议文件',
              measures: [
                {
                  text: '制定精简方案',
                  type: 'by_deadline',
                  deadline: today,
                  ownerName: '张三',
                  progress: '',
                  done: false,
                },
                {
                  text: '建立长效机制',
                  type: 'lasting',
                  deadline: null,
                  ownerName: '李四',
                  progress: '',
                  done: false,
                },
              ],
              leaderName: '王五',
              orgName: units[i % units.length],
              personName: '赵六',
              deadline: today,
              resultText: '',
              status: 'open',
              files: [],
              rules: [],
              signOff: null,
              isPublic: false,
            }),
          ]);
      },
    ),
  );
}

export async function importBench(db: Db, s: Scope, rows: number): Promise<TransferResult[]> {
  const ctx: Ctx = { actor: s.actor, requestId: 'bench-import', ip: '127.0.0.1', locale: 'zh-CN' };
  const units = await uniqueOrgNames(db, 500);
  const today = new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' });
  const out: TransferResult[] = [];
  const target = '≥ 10,000 rows/s';
  const row = (name: string, n: number, m: { seconds: number; peakRssMb: number }, note?: string) =>
    out.push({
      name,
      rows: n,
      seconds: m.seconds,
      rowsPerSec: n / m.seconds,
      peakRssMb: m.peakRssMb,
      note,
      target,
    });

  const ps = await peopleSheet(units, rows);
  const pv = await measured(() => previewPeople(db, ctx, ps));
  if (!pv.value.ok) throw new Error(`people preview: ${JSON.stringify(pv.value.errors.slice(0, 3))}`);
  row('people import, preview (read + validate)', rows, pv, `${(ps.length / 1e6).toFixed(1)} MB file`);
  const pi = await measured(() => importPeople(db, ctx, ps));
  if (!pi.value.ok || pi.value.count !== rows) throw new Error(`people import: ${JSON.stringify(pi.value)}`);
  row('people import, commit (read + validate + insert + audit)', rows, pi);
  // leave the bench data as it was: the imported people and their audit events (the chain's tail). Each deleted
  // person has its foreign key checked in study_attendance, which the app keeps without an index by person (it
  // never deletes people): at province scale that is a scan of 5 million rows per person, so the clean-up builds
  // a temporary index first (not timed).
  await db.execute(sql`create index if not exists bench_attendance_person on study_attendance (person_id)`);
  await db.delete(people).where(sql`${people.name} like ${TAG + '%'}`);
  await db.execute(sql`drop index if exists bench_attendance_person`);
  await db.delete(auditEvents).where(eq(auditEvents.requestId, 'bench-import'));

  const ls = await ledgerSheet(units, rows, today);
  const lv = await measured(() => previewLedger(db, ctx, ls));
  if (!lv.value.ok) throw new Error(`ledger preview: ${JSON.stringify(lv.value.errors.slice(0, 3))}`);
  row('ledger import, preview (read + validate)', rows, lv, `${(ls.length / 1e6).toFixed(1)} MB file`);
  return out;
}

export function printTransfers(results: TransferResult[]) {
  for (const r of results)
    console.log(
      `${r.name}: ${r.rows} rows in ${r.seconds.toFixed(1)} s = ${Math.round(r.rowsPerSec)} rows/s, ` +
        `peak RSS ${r.peakRssMb} MB${r.note ? ` (${r.note})` : ''}`,
    );
}

// npm run bench:transfer: this file on its own
if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      'database-url': { type: 'string' },
      'pglite-dir': { type: 'string' },
      rows: { type: 'string', default: '100000' },
      'no-export': { type: 'boolean', default: false },
      'no-import': { type: 'boolean', default: false },
    },
  });
  const { openDatabase } = await import('../server/src/db/client.js');
  const { migrate } = await import('../server/src/db/migrate.js');
  const { benchScopes } = await import('./queries.js');
  const { exportBench } = await import('./export.js');
  const database = await openDatabase({
    databaseUrl: values['database-url'] ?? process.env.DATABASE_URL,
    pgliteDir: values['pglite-dir'] ?? './data/bench-city',
  });
  try {
    await migrate(database);
    const [root] = await benchScopes(database.db);
    console.log(`engine ${database.engine}`);
    if (!values['no-export']) {
      const res = (await database.db.execute(sql`select count(*)::int as n from problems`)) as unknown as {
        rows: { n: number }[];
      };
      const e = await exportBench(database.db, root, res.rows[0].n);
      console.log(
        `${e.name}: ${e.rows} rows in ${e.seconds.toFixed(1)} s = ${Math.round(e.rowsPerSec)} rows/s, ` +
          `${(e.bytes / 1e6).toFixed(1)} MB, RSS ${e.rssBeforeMb} → peak ${e.peakRssMb} MB`,
      );
    }
    if (!values['no-import']) printTransfers(await importBench(database.db, root, Number(values.rows)));
  } finally {
    await database.close();
  }
}
