import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** One row per scheduled job: its row lock and last run decide which instance runs it. */
export const jobRuns = pgTable('job_runs', {
  name: text('name').primaryKey(),
  lastRunAt: timestamp('last_run_at', { withTimezone: true }),
  lastOwner: text('last_owner'),
  lastError: text('last_error'),
  runs: integer('runs').notNull().default(0),
});
