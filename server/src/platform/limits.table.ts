import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Fixed-window counters of the public side's abuse limits (per address, per phone), kept in the database so
 * every app instance on it counts the same hits.
 */
export const rateCounters = pgTable(
  'rate_counters',
  {
    key: text('key').primaryKey(),
    count: integer('count').notNull(),
    resetAt: timestamp('reset_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('rate_counters_reset_idx').on(t.resetAt)],
);

/** Proof-of-work salts handed out and not yet spent: any instance can verify, each salt is spent once. */
export const powSalts = pgTable(
  'pow_salts',
  {
    salt: text('salt').primaryKey(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('pow_salts_expires_idx').on(t.expiresAt)],
);
