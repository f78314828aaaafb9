import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../test/db.js';
import type { Tx } from './client.js';
import { rows } from './query.js';

/** A promise and its resolver. */
function signal() {
  let fire!: () => void;
  const fired = new Promise<void>((r) => (fire = r));
  return { fire, fired };
}

// A deadlock needs two connections: PGlite has one, and runs transactions one after another.
describe.skipIf(!process.env.TEST_DATABASE_URL)('transactions on PostgreSQL', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase();
    await t.database.db.execute(sql`create table dl (id int primary key, n int not null)`);
    await t.database.db.execute(sql`insert into dl values (1, 0), (2, 0)`);
  });
  afterAll(() => t?.close());

  it('runs again the transaction PostgreSQL aborts to break a deadlock, so both writers succeed', async () => {
    const { db } = t.database;
    const attempts = [0, 0];
    const locked = [signal(), signal()];
    // writer i locks row a, waits (first attempt only) until the other holds its row, then locks row b
    const writer = (i: 0 | 1, a: number, b: number) =>
      db.transaction(async (tx: Tx) => {
        attempts[i]++;
        await tx.execute(sql`update dl set n = n + 1 where id = ${a}`);
        if (attempts[i] === 1) {
          locked[i].fire();
          await locked[1 - i].fired;
        }
        await tx.execute(sql`update dl set n = n + 1 where id = ${b}`);
        return attempts[i];
      });
    const results = await Promise.allSettled([writer(0, 1, 2), writer(1, 2, 1)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    // one of them was chosen as the deadlock victim and ran twice; each committed exactly once
    expect(attempts.slice().sort()).toEqual([1, 2]);
    const after = await rows<{ id: number; n: number }>(db, sql`select id, n from dl order by id`);
    expect(after).toEqual([
      { id: 1, n: 2 },
      { id: 2, n: 2 },
    ]);
  });

  it('does not run again a transaction that failed for any other reason', async () => {
    let attempts = 0;
    const failing = t.database.db.transaction(async (tx: Tx) => {
      attempts++;
      await tx.execute(sql`insert into dl values (1, 0)`); // duplicate key, 23505
    });
    await expect(failing).rejects.toMatchObject({ cause: { code: '23505' } });
    expect(attempts).toBe(1);
  });
});
