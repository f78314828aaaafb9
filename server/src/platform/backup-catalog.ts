import fs from 'node:fs';
import path from 'node:path';
import { is, sql, type SQL } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import type { Database, Executor } from '../db/client.js';
import { rows } from '../db/query.js';
import * as schema from '../db/schema.js';

/*
 * A logical backup that any engine can restore (PGlite ⇄ PostgreSQL): gzip'd JSON lines.
 *   line 1           header: format, version, createdAt, migrations, tables with their columns
 *   {"table":"t"}    then one JSON array per row, every value in PostgreSQL's text form (or null),
 *   {"end":"t","rows":n}
 *   {"end":true,"tables":{…},"checksums":{…}}   the trailer; a file without it is truncated
 * Text form is what pg_dump relies on too: timestamps keep their microseconds, jsonb/ltree/arrays their exact
 * value, and the audit chain its hashes. The checksums are taken in the snapshot the rows are read from, and a
 * restore recomputes them over what it loaded.
 *
 * This file: the format's constants and types, the table catalogue, applied migrations, text settings and
 * checksums. backup.ts writes a backup, backup-restore.ts reads one back.
 */

export const BACKUP_FORMAT = 'luoshi-backup';
export const BACKUP_VERSION = 1;
/**
 * Live sessions are not data: a restored system starts with everyone logged out. The roll-up counters are derived
 * (migrations 0007_scale_sql, 0010_stats_rollups_sql, 0013_assignment_lights): the triggers rebuild them as the restored
 * rows go in, so they are not in the file.
 */
export const EXCLUDED_TABLES = new Set([
  'sessions',
  'rollup_problem_state',
  'rollup_problems',
  'rollup_public_problems',
  'rollup_assignments',
  'rollup_opinions',
  'rollup_deed_state',
  'rollup_deeds',
  'rollup_assignment_hours',
  'rollup_assignment_state',
]);
/** Tables that make a database "in use": a restore never lands on top of them (other tables it replaces). */
export const MUST_BE_EMPTY = ['orgs', 'users', 'audit_events'];

export interface BackupResult {
  tables: Record<string, number>;
}

export interface MigrationMark {
  tag: string | null;
  createdAt: number;
  hash: string;
}

export interface BackupHeader {
  format: string;
  version: number;
  createdAt: string;
  engine: Database['engine'];
  migrations: MigrationMark;
  tables: { name: string; columns: { name: string; type: string }[] }[];
}

export interface Column {
  name: string;
  type: string;
  identity: boolean;
}

export interface TableInfo {
  name: string;
  columns: Column[];
  primaryKey: string[];
}

export const ident = (name: string): SQL => sql.raw(`"${name.replaceAll('"', '""')}"`);

/** Same settings on both sides, so every value's text form is unambiguous. */
export async function setTextFormats(tx: Executor): Promise<void> {
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
export async function tableColumns(ex: Executor, table: string): Promise<Column[] | null> {
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

export async function describeTables(ex: Executor): Promise<TableInfo[]> {
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
export async function appliedMigrations(ex: Executor): Promise<MigrationMark[]> {
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
 * A table's checksum over the given columns in their text form: the row count and two 60-bit sums of each
 * row's md5. The sums do not depend on row order or collation, so PGlite and PostgreSQL agree.
 */
export async function tableChecksum(ex: Executor, table: string, columns: string[]): Promise<string> {
  const values = sql.join(
    columns.map((c) => sql`${ident(c)}::text`),
    sql`, `,
  );
  const part = (from: number) =>
    sql.raw(`coalesce(sum(('x' || substr(h, ${from}, 15))::bit(60)::bigint::numeric), 0)::text`);
  const [r] = await rows<{ n: number; a: string; b: string }>(
    ex,
    sql`select count(*)::int as n, ${part(1)} as a, ${part(16)} as b
        from (select md5(json_build_array(${values})::text) as h from ${ident(table)}) r`,
  );
  return `${r.n}:${r.a}:${r.b}`;
}

/** Checksums of every table described in a header, over the header's columns. */
export async function checksums(
  ex: Executor,
  tables: { name: string; columns: { name: string }[] }[],
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of tables) {
    out[t.name] = await tableChecksum(
      ex,
      t.name,
      t.columns.map((c) => c.name),
    );
  }
  return out;
}
