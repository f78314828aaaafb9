import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline as pipelineAsync } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { sql } from 'drizzle-orm';
import type { Database, Executor } from '../db/client.js';
import {
  appliedMigrations,
  BACKUP_FORMAT,
  BACKUP_VERSION,
  checksums,
  describeTables,
  ident,
  setTextFormats,
  type BackupHeader,
  type BackupResult,
  type TableInfo,
} from './backup-catalog.js';
import { rows } from '../db/query.js';

/* Writing a backup; the format is described in backup-catalog.ts. */

export { restoreDatabase } from './backup-restore.js';
export type { BackupResult } from './backup-catalog.js';

const READ_BATCH = 1000;

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
          // Taken in the same snapshot as the rows: the restore proves it reproduced exactly this data.
          yield `${JSON.stringify({ end: true, tables: counts, checksums: await checksums(tx, tables) })}\n`;
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
