import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, queryRows, type TestDatabase } from './db.js';

describe('openTestDatabase', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase();
  });
  afterAll(() => t?.close());

  it('uses the engine TEST_DATABASE_URL selects', () => {
    expect(t.database.engine).toBe(process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite');
  });

  it('is migrated', async () => {
    expect(await queryRows(t.database.db, sql`select count(*)::int as n from orgs`)).toEqual([{ n: 0 }]);
  });

  it('has ltree', async () => {
    const rows = await queryRows(
      t.database.db,
      sql`select '1.2'::ltree <@ '1'::ltree as inside, '2.3'::ltree <@ '1'::ltree as outside`,
    );
    expect(rows).toEqual([{ inside: true, outside: false }]);
  });

  it('has pg_trgm that sees trigrams in Chinese text', async () => {
    const [row] = await queryRows<{ similar: number; unrelated: number }>(
      t.database.db,
      sql`select similarity('清河市委', '清河市') as similar, similarity('清河市委', '东山县') as unrelated`,
    );
    expect(row.similar).toBeGreaterThan(0);
    expect(row.unrelated).toBe(0);
  });
});
