import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database, Executor } from '../server/src/db/client.js';
import { campaigns } from '../server/src/modules/campaigns/campaigns.table.js';
import { rebuildRollups } from '../server/src/modules/dashboard/rollup.verify.js';
import { fillLedgerRows } from '../server/src/modules/problems/problems.ledger-rows.js';
import { problemLedgers } from '../server/src/modules/problems/problems.table.js';
import { grants, roles } from '../server/src/platform/access/access.table.js';
import { users } from '../server/src/platform/auth/auth.table.js';
import { hashPassword } from '../server/src/platform/auth/passwords.js';
import * as g from './gen.js';
import { OPINION_COLUMNS, OPINION_COUNTS, opinionRows } from './gen-opinions.js';
import { loadStudyResearch } from './load-study.js';

export const BENCH_PASSWORD = 'Bench@2026';
export const CAMPAIGN_CODE = 'BENCH';

/** Tables the generator fills; the ones the brief names that the schema does not have yet are reported. */
const TABLES = [
  'orgs', 'people', 'campaigns', 'problem_ledgers', 'problems', 'problem_measures', 'tasks', 'assignments', 'opinions',
  'study_sessions', 'study_attendance', 'research_topics', 'research_findings',
]; // prettier-ignore
export const OPTIONAL_TABLES = ['opinions', 'study_attendance', 'research_topics', 'ledger_rows'] as const;
/** Tables whose roll-up triggers (the `scale_sql` migration) are off during the load. */
const ROLLUP_SOURCES = [
  'orgs',
  'problems',
  'problem_measures',
  'problem_ledgers',
  'tasks',
  'assignments',
  'opinions',
];

export interface LoadOptions {
  scale: g.Scale;
  seed: number;
  /** the "today" the data is built around (UTC midnight, ms) */
  anchor: number;
  /** COPY through this server when given; otherwise multi-row INSERTs through the app's driver */
  copyUrl?: string;
  log?: (line: string) => void;
}

export interface LoadReport {
  rows: Record<string, number>;
  seconds: Record<string, number>;
  missingTables: string[];
  districtOrgId: number;
  districtPath: string;
}

const q = (ex: Executor, text: string) => ex.execute(sql.raw(text));
async function rowsOf<T>(ex: Executor, text: string): Promise<T[]> {
  return ((await q(ex, text)) as unknown as { rows: T[] }).rows;
}

function literal(v: g.Cell): string {
  if (v === null) return 'NULL';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return `'${v.replace(/'/g, "''")}'`;
}

function copyText(v: g.Cell): string {
  if (v === null) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') return String(v);
  return v.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c] ?? c);
}

type Writer = (table: string, columns: string[], rows: Iterable<g.Row>) => Promise<number>;

function insertWriter(ex: Executor, batch = 500): Writer {
  return async (table, columns, rows) => {
    const head = `insert into ${table} (${columns.join(', ')}) overriding system value values `;
    let buf: string[] = [];
    let n = 0;
    const flush = async () => {
      if (buf.length) await q(ex, head + buf.join(',\n'));
      buf = [];
    };
    for (const r of rows) {
      buf.push(`(${r.map(literal).join(', ')})`);
      n++;
      if (buf.length >= batch) await flush();
    }
    await flush();
    return n;
  };
}

function copyWriter(client: pg.Client): Writer {
  return async (table, columns, rows) => {
    let n = 0;
    function* chunks() {
      let buf = '';
      for (const r of rows) {
        buf += r.map(copyText).join('\t') + '\n';
        n++;
        if (buf.length > 1 << 16) {
          yield buf;
          buf = '';
        }
      }
      if (buf) yield buf;
    }
    const stream = client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`));
    await pipeline(Readable.from(chunks()), stream);
    return n;
  };
}

/** Secondary indexes and foreign keys of the loaded tables: dropped for the load, rebuilt after. */
async function dropSecondary(ex: Executor) {
  const list = TABLES.map((t) => `'${t}'`).join(', ');
  const idx = await rowsOf<{ name: string; def: string }>(
    ex,
    `select indexname as name, indexdef as def from pg_indexes where schemaname = 'public'
       and tablename in (${list}) and indexname not like '%_pkey'`,
  );
  const fks = await rowsOf<{ tbl: string; name: string; def: string }>(
    ex,
    `select conrelid::regclass::text as tbl, conname as name, pg_get_constraintdef(oid) as def
       from pg_constraint where contype = 'f' and conrelid::regclass::text in (${list})`,
  );
  for (const f of fks) await q(ex, `alter table ${f.tbl} drop constraint "${f.name}"`);
  for (const i of idx) await q(ex, `drop index "${i.name}"`);
  return async () => {
    for (const i of idx) await q(ex, i.def);
    for (const f of fks) await q(ex, `alter table ${f.tbl} add constraint "${f.name}" ${f.def}`);
  };
}

export async function isEmpty(ex: Executor): Promise<boolean> {
  const [r] = await rowsOf<{ n: number }>(ex, 'select count(*)::int as n from orgs');
  return Number(r.n) === 0;
}

/** Empties the bench tables and what hangs off them (sessions, grants, events…). For a bench database only. */
export async function reset(ex: Executor) {
  const extra = ['users', 'grants', 'sessions', 'audit_events'];
  const present = await rowsOf<{ t: string }>(
    ex,
    `select table_name as t from information_schema.tables where table_schema = 'public'`,
  );
  const list = [...TABLES, ...extra].filter((t) => present.some((p) => p.t === t));
  await q(ex, `truncate ${list.join(', ')} restart identity cascade`);
}

export async function loadDataset(database: Database, o: LoadOptions): Promise<LoadReport> {
  const ex = database.db;
  const log = o.log ?? (() => {});
  const sizes = g.SIZES[o.scale];
  const report: LoadReport = { rows: {}, seconds: {}, missingTables: [], districtOrgId: 0, districtPath: '' };
  const present = await rowsOf<{ t: string }>(
    ex,
    `select table_name as t from information_schema.tables where table_schema = 'public'`,
  );
  report.missingTables = OPTIONAL_TABLES.filter((t) => !present.some((p) => p.t === t));

  let client: pg.Client | undefined;
  if (o.copyUrl) {
    client = new pg.Client({ connectionString: o.copyUrl });
    await client.connect();
  }
  const write = client ? copyWriter(client) : insertWriter(ex);
  const step = async (name: string, fn: () => Promise<number>) => {
    const t0 = performance.now();
    report.rows[name] = await fn();
    report.seconds[name] = (performance.now() - t0) / 1000;
    log(`${name}: ${report.rows[name].toLocaleString('en')} rows in ${report.seconds[name].toFixed(1)} s`);
  };
  try {
    const restore = await dropSecondary(ex);
    // The roll-up triggers would re-derive counters statement by statement; one aggregate rebuild is faster.
    for (const t of ROLLUP_SOURCES) await q(ex, `alter table ${t} disable trigger user`);
    const tree = g.orgTree(sizes.levels);
    await step('orgs', () => write('orgs', g.ORG_COLUMNS, g.orgRows(tree)));
    const [c] = await ex
      .insert(campaigns)
      .values({ code: CAMPAIGN_CODE, name: '基准测试主题教育', issuingOrgId: 1 })
      .returning({ id: campaigns.id });
    await ex.insert(problemLedgers).values({ campaignId: c.id, lastSeq: sizes.problems });
    await step('people', () =>
      write('people', g.PEOPLE_COLUMNS, g.peopleRows(sizes.people, tree.length, o.seed)),
    );

    const campaign = { id: c.id, code: CAMPAIGN_CODE };
    const problems = function* () {
      for (const p of g.problemRows(sizes.problems, tree, campaign, o.anchor, o.seed)) yield p.problem;
    };
    // Measures come from a second pass over the same seed rather than being held in memory at province scale.
    const measureRows = function* () {
      for (const p of g.problemRows(sizes.problems, tree, campaign, o.anchor, o.seed)) yield* p.measures;
    };
    await step('problems', () => write('problems', g.PROBLEM_COLUMNS, problems()));
    await step('problem_measures', () => write('problem_measures', g.MEASURE_COLUMNS, measureRows()));

    await step('tasks', () =>
      write('tasks', g.TASK_COLUMNS, (function* () {
        for (const t of g.taskRows(sizes.tasks, tree, c.id, o.anchor, o.seed)) yield t.task;
      })()),
    ); // prettier-ignore
    await step('assignments', () =>
      write('assignments', g.ASSIGNMENT_COLUMNS, (function* () {
        for (const t of g.taskRows(sizes.tasks, tree, c.id, o.anchor, o.seed)) yield* t.assignments;
      })()),
    ); // prettier-ignore

    const loaded = ['orgs', 'people', 'problems', 'problem_measures', 'tasks', 'assignments'];
    if (!report.missingTables.includes('opinions')) {
      loaded.push('opinions');
      const n = OPINION_COUNTS[o.scale];
      await step('opinions', () =>
        write('opinions', OPINION_COLUMNS, opinionRows(n, tree, o.anchor, o.seed)),
      );
    }
    if (!report.missingTables.some((t) => t === 'study_attendance' || t === 'research_topics')) {
      const opts = { ...o, tree, people: sizes.people, campaignId: c.id };
      loaded.push(...(await loadStudyResearch(ex, write, step, opts)));
    }
    const t0 = performance.now();
    await restore();
    for (const t of loaded) {
      await q(ex, `select setval(pg_get_serial_sequence('${t}', 'id'), (select max(id) from ${t}))`);
    }
    await q(ex, 'analyze');
    report.seconds.indexes_analyze = (performance.now() - t0) / 1000;
    log(`indexes, constraints, analyze: ${report.seconds.indexes_analyze.toFixed(1)} s`);
    const t1 = performance.now();
    for (const t of ROLLUP_SOURCES) await q(ex, `alter table ${t} enable trigger user`);
    await rebuildRollups(ex);
    await q(
      ex,
      'analyze rollup_problem_state, rollup_problems, rollup_public_problems, rollup_assignments, rollup_opinions, rollup_deeds',
    );
    report.seconds.rollups = (performance.now() - t1) / 1000;
    log(`roll-up counters rebuilt: ${report.seconds.rollups.toFixed(1)} s`);

    if (!report.missingTables.includes('ledger_rows')) {
      // the ledger export's stored rows, as the app keeps them (problems.ledger-rows.ts)
      await step('ledger_rows', () => fillLedgerRows(ex));
      await q(ex, 'analyze ledger_rows');
    }

    const district = tree.find((n) => n.level === 2)!;
    report.districtOrgId = district.id;
    report.districtPath = district.path;
    await addUsers(ex, district.id);
  } finally {
    await client?.end();
  }
  return report;
}

/** bench_root (office admin at the root) and bench_district (office admin at the first district). */
async function addUsers(ex: Executor, districtId: number) {
  const [role] = await ex.select({ id: roles.id }).from(roles).where(eq(roles.code, 'office_admin'));
  const hash = await hashPassword(BENCH_PASSWORD);
  for (const [username, orgId] of [
    ['bench_root', 1],
    ['bench_district', districtId],
  ] as const) {
    const [u] = await ex
      .insert(users)
      .values({ username, displayName: username, passwordHash: hash, orgId, mustChangePassword: false })
      .returning({ id: users.id });
    await ex.insert(grants).values({ userId: u.id, roleId: role.id, orgId });
  }
}
