import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../db/client.js';
import { migrate } from '../db/migrate.js';

export interface TestDatabase {
  database: Database;
  /** the database's URL on PostgreSQL (for a CLI process on the same data); undefined on PGlite */
  url?: string;
  close(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file, so files run in parallel: a new database on the server
 * named by TEST_DATABASE_URL (dropped on close), or else an in-memory PGlite.
 */
export async function openTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const database = await openDatabase({ pgliteDir: ':memory:' });
    try {
      await migrate(database);
    } catch (err) {
      await database.close();
      throw err;
    }
    return { database, close: once(() => database.close()) };
  }

  const name = `luoshi_t_${randomBytes(6).toString('hex')}`;
  // C.UTF-8 ctype: pg_trgm finds no trigrams in Chinese text under the C locale.
  await admin(
    serverUrl,
    `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`,
  );
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let database: Database | undefined;
  try {
    database = await openDatabase({ databaseUrl: url.toString(), pgliteDir: ':memory:' });
    await migrate(database);
  } catch (err) {
    await database?.close();
    await admin(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    throw err;
  }
  const opened = database;
  return {
    database: opened,
    url: url.toString(),
    close: once(async () => {
      await opened.close();
      await admin(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }),
  };
}

/** close() may be called from both a test and an afterAll: the second call is a no-op. */
function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= fn());
}

/** One statement on the server's maintenance database (CREATE/DROP DATABASE cannot run in a pool's transaction). */
async function admin(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export { rows as queryRows } from '../db/query.js';
