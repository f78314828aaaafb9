import { date, index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { stamps } from '../../db/columns.js';
import { orgs } from '../orgs/orgs.table.js';
import { people } from '../people/people.table.js';

/** 理论学习: one study session a unit held (集中学习, 专题研讨, 支部学习 …). No duration is kept: study time is
 * not an evaluation measure (2024 rules), so nothing here can rank people by it. */
export const studySessions = pgTable(
  'study_sessions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    campaignId: integer('campaign_id').notNull(),
    title: text('title').notNull(),
    /** central (集中学习) | seminar (专题研讨) | branch (支部学习) | lecture (专题党课) */
    kind: text('kind').notNull(),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    place: text('place').notNull().default(''),
    summary: text('summary').notNull().default(''),
    organizer: text('organizer').notNull().default(''),
    createdBy: integer('created_by'),
    ...stamps(),
  },
  (t) => [
    index('study_sessions_org_idx').on(t.orgId, t.heldOn),
    index('study_sessions_campaign_idx').on(t.campaignId, t.heldOn),
  ],
);

/**
 * Who attended a session: one row per member listed, written with the session and versioned by it (so no stamps
 * of its own: at 5 million rows they would be most of the table).
 */
export const studyAttendance = pgTable(
  'study_attendance',
  {
    sessionId: integer('session_id')
      .notNull()
      .references(() => studySessions.id),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    /** present | absent | leave */
    status: text('status').notNull(),
    reason: text('reason').notNull().default(''),
  },
  // No index by person: nothing reads attendance person by person (no per-person study records or rankings),
  // and at 5 million rows it would cost the load and every write.
  (t) => [primaryKey({ name: 'study_attendance_pkey', columns: [t.sessionId, t.personId] })],
);
