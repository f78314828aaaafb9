import {
  boolean,
  date,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

/**
 * Pre-aggregated roll-ups, kept exact by the triggers of the `scale_sql` migration (docs/performance.md).
 * Every counter row belongs to an *ancestor* org: a problem at `1.2.18` counts in the rows of 1, 2 and 18.
 */

/** What each problem currently contributes to the counters, so a change can subtract it exactly. */
export const rollupProblemState = pgTable(
  'rollup_problem_state',
  {
    problemId: integer('problem_id').primaryKey(),
    orgId: integer('org_id').notNull(),
    campaignId: integer('campaign_id').notNull(),
    status: text('status').notNull(),
    deadline: date('deadline', { mode: 'string' }).notNull(),
    /** open and in progress only: the day after which the problem is yellow (Y in docs/performance.md) */
    yellowDay: date('yellow_day', { mode: 'string' }),
    warnDays: integer('warn_days').notNull(),
    onTime: boolean('on_time').notNull(),
    /** the problem's 是否公开 flag (rollup_public_problems counts it unless a draft or cancelled) */
    isPublic: boolean('is_public').notNull().default(false),
  },
  (t) => [index('rollup_problem_state_org_idx').on(t.orgId)],
);

/**
 * Problems per ancestor org, campaign and status. kind 0: count; 5: signed off on time; for open and in-progress
 * problems, day histograms — 1: deadline D, 2: yellow day Y, 3: max(D, Y), 4: max(D, Y + warnDays + 1).
 */
export const rollupProblems = pgTable(
  'rollup_problems',
  {
    orgId: integer('org_id').notNull(),
    campaignId: integer('campaign_id').notNull(),
    status: text('status').notNull(),
    kind: smallint('kind').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.campaignId, t.status, t.kind, t.day] })],
);

/**
 * Published problems per ancestor org (is_public, not a draft or cancelled: what the portal lists), and how many
 * of them are signed off. One row per org, so the public statistics read one row per unit.
 */
export const rollupPublicProblems = pgTable('rollup_public_problems', {
  orgId: integer('org_id').primaryKey(),
  published: integer('published').notNull(),
  signedOff: integer('signed_off').notNull(),
});

/** Assignments per ancestor org, the task's campaign and status. */
export const rollupAssignments = pgTable(
  'rollup_assignments',
  {
    orgId: integer('org_id').notNull(),
    campaignId: integer('campaign_id').notNull(),
    status: text('status').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.campaignId, t.status] })],
);

/**
 * The time-dependent lights of open assignments (not completed or accepted) per ancestor org and the task's
 * campaign, as hour histograms (hour = whole hours since the epoch, rounded down): kind 1 the deadline D, 2 the
 * yellow time Y (when no report or 签收 came in time; absent when it cannot turn yellow), 3 max(Y, D − 3 days).
 * With the few assignments of the boundary hour read from rows (rollup_assignment_state and the open-deadline
 * index), red = #(D < t), blue = #(D < t + 3 days) − red, yellow = #(Y < t) − #(max(Y, D − 3 days) < t).
 */
export const rollupAssignmentHours = pgTable(
  'rollup_assignment_hours',
  {
    orgId: integer('org_id').notNull(),
    campaignId: integer('campaign_id').notNull(),
    kind: smallint('kind').notNull(),
    hour: integer('hour').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.campaignId, t.kind, t.hour] })],
);

/** Y and max(Y, D − 3 days) of each open assignment that can turn yellow: the boundary hour's rows, by index. */
export const rollupAssignmentState = pgTable(
  'rollup_assignment_state',
  {
    assignmentId: integer('assignment_id').primaryKey(),
    orgId: integer('org_id').notNull(),
    campaignId: integer('campaign_id').notNull(),
    yellowAt: timestamp('yellow_at', { withTimezone: true }).notNull(),
    mixedAt: timestamp('mixed_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('rollup_assignment_state_yellow_idx').on(t.yellowAt),
    index('rollup_assignment_state_mixed_idx').on(t.mixedAt),
  ],
);

/**
 * Visible opinions per ancestor org. metric 0: received, 1: signed (bucket = hours late, rounded up, 0 when on
 * time), 2: answered, 3: resolved, 4: rated, 5: satisfied, 6: excluded as unreasonable, 7: answered (bucket as
 * for 1, against the answer deadline), 8: open and unanswered (bucket = the answer deadline's hour since the
 * epoch, rounded down), so "overdue at t" is a sum plus the few opinions of one boundary hour.
 */
export const rollupOpinions = pgTable(
  'rollup_opinions',
  {
    orgId: integer('org_id').notNull(),
    metric: smallint('metric').notNull(),
    bucket: integer('bucket').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.metric, t.bucket] })],
);

/** What each deed currently contributes to rollup_deeds: its org and its weighted progress (exact numeric). */
export const rollupDeedState = pgTable(
  'rollup_deed_state',
  {
    deedId: integer('deed_id').primaryKey(),
    orgId: integer('org_id').notNull(),
    progress: numeric('progress').notNull(),
  },
  (t) => [index('rollup_deed_state_org_idx').on(t.orgId)],
);

/** Deeds per ancestor org: how many, and the sum of their weighted progress (the average is sum / n). */
export const rollupDeeds = pgTable('rollup_deeds', {
  orgId: integer('org_id').primaryKey(),
  n: integer('n').notNull(),
  progressSum: numeric('progress_sum').notNull(),
});
