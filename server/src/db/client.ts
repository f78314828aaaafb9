import { PGlite } from '@electric-sql/pglite';
import { ltree } from '@electric-sql/pglite/contrib/ltree';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import fs from 'node:fs';
import pg from 'pg';
import { pgErrorCode } from './query.js';
import * as schema from './schema.js';

export type Schema = typeof schema;
/** Both drivers answer raw queries with `{ rows }`; this is the common shape `db.execute` returns. */
export interface RowsResultHKT extends PgQueryResultHKT {
  type: { rows: Record<string, unknown>[] };
}
export type Db = PgDatabase<RowsResultHKT, Schema>;
/** A transaction handle; the same query API as Db. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Anything that can run queries: the database or a transaction. */
export type Executor = Db | Tx;

export interface Database {
  db: Db;
  /**
   * For read-only routes that tolerate replication lag (dashboards, the public portal's lists and
   * statistics): a second pool on DATABASE_READ_URL (a streaming replica) when set, else `db` itself.
   */
  read: Db;
  engine: 'pglite' | 'postgres';
  close(): Promise<void>;
  /** The raw PGlite instance (backup/restore of the embedded database). */
  pglite?: PGlite;
}

/** SQLSTATEs after which PostgreSQL has rolled a transaction back and running it again may succeed. */
const RETRYABLE = new Set(['40P01', '40001']);
const TRANSACTION_ATTEMPTS = 3;

/**
 * Runs each top-level transaction again (up to three attempts, after a short random pause) when PostgreSQL broke
 * a deadlock by aborting it (40P01) or reported a serialization failure (40001). Two requests that lock the same
 * rows in different orders then both succeed, one after the other, instead of one answering 500. The transaction
 * was rolled back, so running its function again repeats nothing; a function must not keep state outside the
 * database between attempts (none does: uploads and audit events are rows). Savepoints (tx.transaction) are
 * not retried alone: the error aborts the whole transaction, which is retried.
 */
export function retryingTransactions(db: Db): Db {
  const once = db.transaction.bind(db);
  const transaction: Db['transaction'] = async (fn, config) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await once(fn, config);
      } catch (err) {
        const code = pgErrorCode(err);
        if (attempt >= TRANSACTION_ATTEMPTS || !code || !RETRYABLE.has(code)) throw err;
        await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * attempt));
      }
    }
  };
  return Object.assign(db, { transaction });
}

export async function openDatabase(opts: {
  databaseUrl?: string;
  /** a read replica of databaseUrl; ignored without it (PGlite has none) */
  databaseReadUrl?: string;
  pgliteDir: string;
}): Promise<Database> {
  if (opts.databaseUrl) {
    // At least two: migrate() holds its lock on one connection while the migrator uses another.
    const max = Math.max(2, Number(process.env.PG_POOL_MAX) || 10);
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max });
    const db = retryingTransactions(drizzlePg(pool, { schema }) as unknown as Db);
    if (!opts.databaseReadUrl) return { db, read: db, engine: 'postgres', close: () => pool.end() };
    const readPool = new pg.Pool({ connectionString: opts.databaseReadUrl, max });
    const read = drizzlePg(readPool, { schema }) as unknown as Db;
    const close = async () => {
      await Promise.all([pool.end(), readPool.end()]);
    };
    return { db, read, engine: 'postgres', close };
  }
  const dir = opts.pgliteDir === ':memory:' ? undefined : opts.pgliteDir;
  if (dir) fs.mkdirSync(dir, { recursive: true });
  const client = await PGlite.create({ dataDir: dir, extensions: { ltree, pg_trgm } });
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return { db, read: db, engine: 'pglite', close: () => client.close(), pglite: client };
}
