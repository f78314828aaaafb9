import fs from 'node:fs';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { sql } from 'drizzle-orm';
import type { Database, Executor } from '../db/client.js';
import {
  appliedMigrations,
  BACKUP_FORMAT,
  BACKUP_VERSION,
  checksums,
  ident,
  MUST_BE_EMPTY,
  setTextFormats,
  tableColumns,
  type BackupHeader,
  type BackupResult,
  type Column,
} from './backup-catalog.js';
import { rows } from '../db/query.js';

/* Restoring a backup (format in backup-catalog.ts) into a migrated, empty database, in one transaction. */

const INSERT_BATCH_ROWS = 2000;
const INSERT_BATCH_CHARS = 4_000_000;

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
  checksums?: Record<string, string>;
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
        if (marker.checksums) await verifyChecksums(tx, header, marker.checksums);
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

/** What was loaded must checksum as the source did in the backup's snapshot (older backups carry none). */
async function verifyChecksums(tx: Executor, header: BackupHeader, expected: Record<string, string>) {
  const got = await checksums(tx, header.tables);
  const differ = header.tables.filter((t) => got[t.name] !== expected[t.name]).map((t) => t.name);
  if (differ.length) {
    throw new Error(`restore: restored data differs from the backup's snapshot in ${differ.join(', ')}`);
  }
}
