import { date, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { stamps } from '../../db/columns.js';
import { orgs } from '../orgs/orgs.table.js';

/** 为群众办实事: a practical deed a unit registers, with weighted milestones. */
export const deeds = pgTable(
  'deeds',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    leaderName: text('leader_name').notNull().default(''),
    targetDate: date('target_date', { mode: 'string' }).notNull(),
    /** active | completed */
    status: text('status').notNull().default('active'),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    createdBy: integer('created_by'),
    ...stamps(),
  },
  (t) => [index('deeds_org_idx').on(t.orgId, t.status)],
);

export const deedMilestones = pgTable(
  'deed_milestones',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    deedId: integer('deed_id')
      .notNull()
      .references(() => deeds.id),
    seq: integer('seq').notNull(),
    title: text('title').notNull(),
    weight: integer('weight').notNull(),
    /** 0–100 */
    progress: integer('progress').notNull().default(0),
    ...stamps(),
  },
  (t) => [index('deed_milestones_deed_idx').on(t.deedId, t.seq)],
);

/** One public rating per deed, device and day (the unique key enforces it). */
export const deedRatings = pgTable(
  'deed_ratings',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    deedId: integer('deed_id')
      .notNull()
      .references(() => deeds.id),
    deviceKey: text('device_key').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    rating: text('rating').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('deed_ratings_uq').on(t.deedId, t.deviceKey, t.day)],
);
