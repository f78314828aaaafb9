import { lt, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { rateCounters } from './limits.table.js';

/**
 * A fixed-window counter per key kept in the database (table rate_counters), so that every app instance on one
 * database enforces the same limit. One upsert per hit: the row lock makes concurrent hits count one by one.
 * Run it inside the caller's transaction to have a rejected request's hit rolled back with it.
 */
export class SharedRateLimiter {
  constructor(
    private readonly scope: string,
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  async take(db: Executor, key: string): Promise<boolean> {
    const at = new Date();
    const resetAt = new Date(at.getTime() + this.windowMs);
    const [row] = await db
      .insert(rateCounters)
      .values({ key: `${this.scope}:${key}`, count: 1, resetAt })
      .onConflictDoUpdate({
        target: rateCounters.key,
        set: {
          count: sql`case when ${rateCounters.resetAt} <= ${at} then 1 else ${rateCounters.count} + 1 end`,
          resetAt: sql`case when ${rateCounters.resetAt} <= ${at} then ${resetAt} else ${rateCounters.resetAt} end`,
        },
      })
      .returning({ count: rateCounters.count });
    return row.count <= this.limit;
  }
}

/** Drops expired counters of every scope; call it outside a transaction, now and then. */
export async function sweepRateCounters(db: Executor): Promise<void> {
  await db.delete(rateCounters).where(lt(rateCounters.resetAt, new Date()));
}
