import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './client.js';
import { migrate } from './migrate.js';

async function admin(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

const journal = JSON.parse(
  fs.readFileSync(path.join(import.meta.dirname, 'migrations/meta/_journal.json'), 'utf8'),
) as { entries: unknown[] };

// Several instances started together on one empty PostgreSQL database (PGlite lives in one process: no such case).
describe.skipIf(!process.env.TEST_DATABASE_URL)('migrations on PostgreSQL', () => {
  it('three instances migrating one empty database at once apply every migration exactly once', async () => {
    const serverUrl = process.env.TEST_DATABASE_URL as string;
    const name = `luoshi_m_${randomBytes(6).toString('hex')}`;
    await admin(
      serverUrl,
      `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`,
    );
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const instances: Database[] = [];
    try {
      for (let i = 0; i < 3; i++) {
        instances.push(await openDatabase({ databaseUrl: url.toString(), pgliteDir: ':memory:' }));
      }
      const results = await Promise.allSettled(instances.map((d) => migrate(d)));
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        const applied = await client.query<{ n: number }>(
          'select count(*)::int as n from drizzle.__drizzle_migrations',
        );
        expect(applied.rows[0].n).toBe(journal.entries.length);
        const locks = await client.query<{ n: number }>(
          "select count(*)::int as n from pg_locks where locktype = 'advisory'",
        );
        expect(locks.rows[0].n).toBe(0);
      } finally {
        await client.end();
      }
    } finally {
      await Promise.all(instances.map((d) => d.close()));
      await admin(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  }, 300_000);
});
