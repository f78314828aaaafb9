import fs from 'node:fs';
import path from 'node:path';
import { pipeline, Readable } from 'node:stream';
import { pipeline as pipelineAsync } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { is, sql, type SQL } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import type { Database, Executor } from '../db/client.js';
import * as schema from '../db/schema.js';

/*
 * A logical backup that any engine can restore (PGlite ⇄ PostgreSQL): gzip'd JSON lines.
 *   line 1           header: format, version, createdAt, migrations, tables with their columns
 *   {"table":"t"}    then one JSON array per row, every value in PostgreSQL's text form (or null),
 *   {"end":"t","rows":n}
 *   {"end":true,"tables":{…}}   the trailer; a file without it is truncated
 * Text form is what pg_dump relies on too: timestamps keep their microseconds, jsonb/ltree/arrays their exact
 * value, and the audit chain its hashes.
 */

export const BACKUP_FORMAT = 'luoshi-backup';
export const BACKUP_VERSION = 1;
/** Live sessions are not data: a restored system starts with everyone logged out. */
const EXCLUDED_TABLES = new Set(['sessions']);
/** Tables that make a database "in use": a restore never lands on top of them (other tables it replaces). */
const MUST_BE_EMPTY = ['orgs', 'users', 'audit_events'];
const READ_BATCH = 1000;
const INSERT_BATCH_ROWS = 2000;
const INSERT_BATCH_CHARS = 4_000_000;

export interface BackupResult {
  tables: Record<string, number>;
}

interface MigrationMark {
  tag: string | null;
  createdAt: number;
  hash: string;
}

interface BackupHeader {
  format: string;
  version: number;
  createdAt: string;
  engine: Database['engine'];
  migrations: MigrationMark;
  tables: { name: string; columns: { name: string; type: string }[] }[];
}

interface Column {
  name: string;
  type: string;
  identity: boolean;
}

interface TableInfo {
  name: string;
  columns: Column[];
  primaryKey: string[];
}

const ident = (name: string): SQL => sql.raw(`"${name.replaceAll('"', '""')}"`);

async function rows<T>(ex: Executor, query: SQL): Promise<T[]> {
  const res = (await ex.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}

/** Same settings on both sides, so every value's text form is unambiguous. */
async function setTextFormats(tx: Executor): Promise<void> {
  await tx.execute(sql`set local timezone = 'UTC'`);
  await tx.execute(sql`set local datestyle = 'ISO, YMD'`);
  await tx.execute(sql`set local intervalstyle = 'postgres'`);
  await tx.execute(sql`set local extra_float_digits = 1`);
  await tx.execute(sql`set local bytea_output = 'hex'`);
}

/** Every table in the drizzle schema except the excluded ones, parents before children. */
export function backupTables(): { name: string; primaryKey: string[] }[] {
  const configs = Object.values(schema as Record<string, unknown>)
    .filter((x): x is PgTable => is(x, PgTable))
    .map((t) => getTableConfig(t))
    .filter((c) => !EXCLUDED_TABLES.has(c.name));
  const byName = new Map(configs.map((c) => [c.name, c]));
  const ordered: { name: string; primaryKey: string[] }[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string): void => {
    const c = byName.get(name);
    if (!c || state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') throw new Error(`backup: foreign keys form a cycle through ${name}`);
    state.set(name, 'visiting');
    for (const fk of c.foreignKeys) {
      const parent = getTableConfig(fk.reference().foreignTable).name;
      if (parent !== name) visit(parent);
    }
    state.set(name, 'done');
    const pk = c.columns.filter((col) => col.primary).map((col) => col.name);
    ordered.push({
      name,
      primaryKey: pk.length ? pk : (c.primaryKeys[0]?.columns.map((col) => col.name) ?? []),
    });
  };
  for (const c of configs) visit(c.name);
  return ordered;
}

/** Columns as the database has them (the truth for types and identity), in table order. */
async function tableColumns(ex: Executor, table: string): Promise<Column[] | null> {
  const cols = await rows<{ name: string; type: string; identity: string }>(
    ex,
    sql`select a.attname as name, format_type(a.atttypid, a.atttypmod) as type, a.attidentity::text as identity
        from pg_attribute a
        where a.attrelid = to_regclass(${`public."${table.replaceAll('"', '""')}"`})
          and a.attnum > 0 and not a.attisdropped and a.attgenerated::text = ''
        order by a.attnum`,
  );
  if (cols.length === 0) return null;
  return cols.map((c) => ({ name: c.name, type: c.type, identity: c.identity !== '' }));
}

async function describeTables(ex: Executor): Promise<TableInfo[]> {
  const out: TableInfo[] = [];
  for (const t of backupTables()) {
    const columns = await tableColumns(ex, t.name);
    if (!columns) throw new Error(`backup: table ${t.name} does not exist; is the database migrated?`);
    out.push({ name: t.name, columns, primaryKey: t.primaryKey });
  }
  return out;
}

function journalTags(): Map<number, string> {
  const file = path.join(import.meta.dirname, '../db/migrations/meta/_journal.json');
  const journal = JSON.parse(fs.readFileSync(file, 'utf8')) as { entries: { when: number; tag: string }[] };
  return new Map(journal.entries.map((e) => [e.when, e.tag]));
}

/** Migrations drizzle has applied, oldest first; empty when the database was never migrated. */
async function appliedMigrations(ex: Executor): Promise<MigrationMark[]> {
  const [exists] = await rows<{ ok: boolean }>(
    ex,
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as ok`,
  );
  if (!exists?.ok) return [];
  const applied = await rows<{ hash: string; created_at: string }>(
    ex,
    sql`select hash, created_at::text as created_at from drizzle.__drizzle_migrations order by created_at`,
  );
  const tags = journalTags();
  return applied.map((m) => ({
    hash: m.hash,
    createdAt: Number(m.created_at),
    tag: tags.get(Number(m.created_at)) ?? null,
  }));
}

/**
 * Writes a consistent snapshot of the database to `file` (gzip'd JSON lines), streaming table by table in
 * primary-key order. On PostgreSQL the snapshot is one REPEATABLE READ transaction, so writes may go on.
 */
export async function backupDatabase(database: Database, file: string): Promise<BackupResult> {
  const partial = `${file}.partial`;
  const counts: Record<string, number> = {};
  try {
    await database.db.transaction(
      async (tx) => {
        await setTextFormats(tx);
        const migrations = await appliedMigrations(tx);
        const latest = migrations.at(-1);
        if (!latest) throw new Error('backup: the database has no applied migrations');
        const tables = await describeTables(tx);
        const header: BackupHeader = {
          format: BACKUP_FORMAT,
          version: BACKUP_VERSION,
          createdAt: new Date().toISOString(),
          engine: database.engine,
          migrations: latest,
          tables: tables.map((t) => ({
            name: t.name,
            columns: t.columns.map(({ name, type }) => ({ name, type })),
          })),
        };
        async function* lines(): AsyncGenerator<string> {
          yield `${JSON.stringify(header)}\n`;
          for (const t of tables) {
            yield `${JSON.stringify({ table: t.name })}\n`;
            let n = 0;
            for await (const batch of readTable(tx, t)) {
              n += batch.length;
              yield batch.map((r) => `${JSON.stringify(r)}\n`).join('');
            }
            counts[t.name] = n;
            yield `${JSON.stringify({ end: t.name, rows: n })}\n`;
          }
          yield `${JSON.stringify({ end: true, tables: counts })}\n`;
        }
        await pipelineAsync(Readable.from(lines()), createGzip(), fs.createWriteStream(partial));
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
    await fs.promises.rename(partial, file);
  } catch (err) {
    await fs.promises.rm(partial, { force: true });
    throw err;
  }
  return { tables: counts };
}

/** A table's rows as arrays of text values, through a cursor in primary-key order. */
async function* readTable(tx: Executor, t: TableInfo): AsyncGenerator<(string | null)[][]> {
  const cursor = ident(`backup_${t.name}`);
  const select = sql.join(
    t.columns.map((c, i) => sql`${ident(c.name)}::text as ${ident(`c${i}`)}`),
    sql`, `,
  );
  const order = t.primaryKey.length
    ? sql` order by ${sql.join(
        t.primaryKey.map((k) => ident(k)),
        sql`, `,
      )}`
    : sql``;
  await tx.execute(
    sql`declare ${cursor} no scroll cursor for select ${select} from ${ident(t.name)}${order}`,
  );
  for (;;) {
    const batch = await rows<Record<string, string | null>>(
      tx,
      sql`fetch forward ${sql.raw(String(READ_BATCH))} from ${cursor}`,
    );
    if (batch.length === 0) break;
    yield batch.map((r) => t.columns.map((_, i) => r[`c${i}`] ?? null));
  }
  await tx.execute(sql`close ${cursor}`);
}

/** The lines of a gzip'd file; a read or gunzip error (a corrupt or truncated file) rejects the loop. */
async function* fileLines(file: string): AsyncGenerator<string> {
  const gunzip = createGunzip();
  // Errors of either stream destroy gunzip and so surface through its iterator.
  pipeline(fs.createReadStream(file), gunzip, () => undefined);
  gunzip.setEncoding('utf8');
  let rest = '';
  try {
    for await (const chunk of gunzip as AsyncIterable<string>) {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop() ?? '';
      yield* parts;
    }
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('Z_')) {
      throw new Error(
        `restore: ${file} is not a gzip'd backup, or is corrupt or truncated (${(err as Error).message})`,
        {
          cause: err,
        },
      );
    }
    throw err;
  }
  if (rest) yield rest;
}

function parseHeader(line: string | undefined, file: string): BackupHeader {
  let header: Partial<BackupHeader> | undefined;
  try {
    header = line ? (JSON.parse(line) as Partial<BackupHeader>) : undefined;
  } catch {
    header = undefined;
  }
  if (header?.format !== BACKUP_FORMAT) throw new Error(`restore: ${file} is not a Luoshi backup`);
  if (header.version !== BACKUP_VERSION) {
    throw new Error(`restore: backup format version ${String(header.version)} is not supported`);
  }
  if (!Array.isArray(header.tables) || typeof header.migrations?.createdAt !== 'number') {
    throw new Error(`restore: the header of ${file} is incomplete`);
  }
  return header as BackupHeader;
}

/**
 * Refuses unless the target runs the backup's migrations (or later), has its columns, and holds no orgs, users
 * or audit events; then clears the backed-up tables of whatever base data the target was given.
 */
async function checkTarget(tx: Executor, header: BackupHeader): Promise<Map<string, Column[]>> {
  const applied = await appliedMigrations(tx);
  if (applied.length === 0)
    throw new Error('restore: the target database is not migrated; run migrations first');
  const mark = header.migrations;
  if (!applied.some((m) => m.createdAt === mark.createdAt)) {
    const at = applied.at(-1)?.tag ?? 'unknown';
    throw new Error(
      `restore: the backup was made at migration ${mark.tag ?? mark.createdAt}, which this database (at ${at}) ` +
        'has not applied; restore with the version that made the backup',
    );
  }
  const target = new Map<string, Column[]>();
  for (const t of header.tables) {
    const cols = await tableColumns(tx, t.name);
    const missing = cols
      ? t.columns.filter((c) => !cols.some((x) => x.name === c.name)).map((c) => c.name)
      : [];
    if (!cols || missing.length) {
      throw new Error(
        `restore: the target database lacks ${cols ? `columns ${missing.join(', ')} of ` : ''}table ${t.name}`,
      );
    }
    target.set(t.name, cols);
  }
  const names = [...new Set([...header.tables.map((t) => t.name), ...MUST_BE_EMPTY])];
  await tx.execute(sql`lock table ${sql.join(names.map(ident), sql`, `)} in exclusive mode`);
  const used: string[] = [];
  for (const name of MUST_BE_EMPTY) {
    const [r] = await rows<{ n: number }>(tx, sql`select count(*)::int as n from ${ident(name)}`);
    if (r && r.n > 0) used.push(`${name} (${r.n} rows)`);
  }
  if (used.length) {
    throw new Error(
      `restore: the target database is not empty: ${used.join(', ')}; restore only into a freshly migrated, empty database`,
    );
  }
  // Base data a fresh database is given (the built-in roles, say) gives way to the backup's own; children first.
  for (const t of [...header.tables].reverse()) await tx.execute(sql`delete from ${ident(t.name)}`);
  return target;
}

/** One table's section of the file: rows are buffered and inserted in batches. */
class TableLoader {
  private lines: string[] = [];
  private chars = 0;
  count = 0;

  constructor(
    private readonly tx: Executor,
    readonly name: string,
    private readonly columns: Column[],
  ) {}

  /** `row` is `line` parsed: checked here, then the line itself goes to the database. */
  async add(row: unknown[], line: string): Promise<void> {
    if (row.length !== this.columns.length || !row.every((v) => v === null || typeof v === 'string')) {
      throw new Error(`restore: row ${this.count + 1} of ${this.name} is malformed`);
    }
    this.lines.push(line);
    this.chars += line.length;
    this.count++;
    if (this.lines.length >= INSERT_BATCH_ROWS || this.chars >= INSERT_BATCH_CHARS) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.lines.length) await insertRows(this.tx, this.name, this.columns, `[${this.lines.join(',')}]`);
    this.lines = [];
    this.chars = 0;
  }
}

interface Marker {
  table?: string;
  end?: string | true;
  rows?: number;
  tables?: Record<string, number>;
}

/**
 * Loads a backup into a migrated, empty database in one transaction: rows keep their ids (OVERRIDING SYSTEM
 * VALUE), then every identity sequence moves past the highest id. Any error rolls the whole restore back.
 */
export async function restoreDatabase(database: Database, file: string): Promise<BackupResult> {
  await fs.promises.access(file, fs.constants.R_OK);
  const counts: Record<string, number> = {};
  await database.db.transaction(async (tx) => {
    await setTextFormats(tx);
    const lines = fileLines(file);
    const first = await lines.next();
    const header = parseHeader(first.done ? undefined : first.value, file);
    const targetColumns = await checkTarget(tx, header);

    let current: TableLoader | null = null;
    let complete = false;
    let lineNo = 1;
    for await (const line of lines) {
      lineNo++;
      if (!line) continue;
      if (complete) throw new Error('restore: unexpected data after the end of the backup');
      let item: unknown;
      try {
        item = JSON.parse(line);
      } catch {
        throw new Error(`restore: line ${lineNo} of ${file} is not JSON`);
      }
      if (Array.isArray(item)) {
        if (!current) throw new Error(`restore: line ${lineNo} is a row outside any table`);
        await current.add(item, line);
        continue;
      }
      const marker = item as Marker;
      if (marker.table !== undefined) {
        const described = header.tables.find((t) => t.name === marker.table);
        if (!described || current || marker.table in counts) {
          throw new Error(`restore: unexpected table ${marker.table} at line ${lineNo}`);
        }
        const target = new Map(targetColumns.get(described.name)?.map((c) => [c.name, c]));
        current = new TableLoader(
          tx,
          described.name,
          described.columns.map((c) => target.get(c.name) as Column),
        );
      } else if (typeof marker.end === 'string') {
        if (current?.name !== marker.end) throw new Error(`restore: unexpected end of ${marker.end}`);
        await current.flush();
        if (current.count !== marker.rows) {
          throw new Error(
            `restore: ${current.name} has ${current.count} rows, the backup says ${marker.rows}`,
          );
        }
        counts[current.name] = current.count;
        current = null;
      } else if (marker.end === true) {
        const missing = header.tables.filter((t) => counts[t.name] !== marker.tables?.[t.name]);
        if (current || missing.length) {
          throw new Error(`restore: the backup is inconsistent (${missing.map((t) => t.name).join(', ')})`);
        }
        complete = true;
      } else {
        throw new Error(`restore: line ${lineNo} of ${file} is not recognised`);
      }
    }
    if (!complete) throw new Error(`restore: ${file} is truncated (no end marker)`);
    for (const [name, columns] of targetColumns) await resetIdentities(tx, name, columns);
  });
  return { tables: counts };
}

/**
 * One INSERT per batch with the batch as a single JSON parameter: `->>` yields each value's text form exactly,
 * and the cast turns it back into the column's type.
 */
async function insertRows(tx: Executor, table: string, columns: Column[], batchJson: string): Promise<void> {
  const overriding = columns.some((c) => c.identity) ? sql` overriding system value` : sql``;
  const names = sql.join(
    columns.map((c) => ident(c.name)),
    sql`, `,
  );
  const values = sql.join(
    columns.map((c, i) => sql.raw(`cast(r.v->>${i} as ${c.type})`)),
    sql`, `,
  );
  await tx.execute(
    sql`insert into ${ident(table)} (${names})${overriding}
        select ${values} from json_array_elements(${batchJson}::json) as r(v)`,
  );
}

/** The next id after a restore follows the highest restored one (or starts at 1 on an empty table). */
async function resetIdentities(tx: Executor, table: string, columns: Column[]): Promise<void> {
  for (const c of columns.filter((x) => x.identity)) {
    const col = ident(c.name);
    await tx.execute(
      sql`select setval(pg_get_serial_sequence(${`public."${table.replaceAll('"', '""')}"`}, ${c.name}),
                        coalesce(max(${col}), 1), max(${col}) is not null)
          from ${ident(table)}`,
    );
  }
}
