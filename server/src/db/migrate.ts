import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type pg from 'pg';
import path from 'node:path';
import type { Database } from './client.js';

const migrationsFolder = path.join(import.meta.dirname, 'migrations');

/** One key for every Luoshi instance on a PostgreSQL server: instances starting together migrate one at a time. */
const MIGRATE_LOCK_KEY = 0x4c756f73; // "Luos"

export async function migrate(database: Database): Promise<void> {
  if (database.engine !== 'postgres') {
    await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder });
    return;
  }
  const db = database.db as unknown as NodePgDatabase & { $client: pg.Pool };
  // A session lock held on one pooled connection while the migrator runs on the others: a second instance waits
  // here, then finds every migration applied.
  const holder = await db.$client.connect();
  try {
    await holder.query('select pg_advisory_lock($1)', [MIGRATE_LOCK_KEY]);
    await migratePg(db, { migrationsFolder });
  } finally {
    await holder.query('select pg_advisory_unlock($1)', [MIGRATE_LOCK_KEY]).catch(() => undefined);
    holder.release();
  }
}
