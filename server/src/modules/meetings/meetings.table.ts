import { index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { stamps } from '../../db/columns.js';

/** A deployment meeting: main venue at the organiser, sub-venues at other orgs. */
export const meetings = pgTable(
  'meetings',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    campaignId: integer('campaign_id').notNull(),
    organizerOrgId: integer('organizer_org_id').notNull(),
    title: text('title').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    /** 参会范围: who attends, by role and level */
    attendeeScope: text('attendee_scope').notNull().default(''),
    agenda: text('agenda').notNull().default(''),
    videoLink: text('video_link'),
    minutes: text('minutes').notNull().default(''),
    /** planned | held */
    status: text('status').notNull().default('planned'),
    ...stamps(),
  },
  (t) => [index('meetings_campaign_idx').on(t.campaignId, t.startsAt)],
);

/** A venue of a meeting; its attendance is recorded by that org (no GPS, no photos). */
export const meetingVenues = pgTable(
  'meeting_venues',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => meetings.id),
    orgId: integer('org_id').notNull(),
    /** main | sub */
    kind: text('kind').notNull(),
    place: text('place').notNull().default(''),
    expected: integer('expected'),
    present: integer('present'),
    absenceNote: text('absence_note'),
    recordedBy: integer('recorded_by'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }),
    ...stamps(),
  },
  (t) => [
    uniqueIndex('meeting_venues_uq').on(t.meetingId, t.orgId),
    index('meeting_venues_org_idx').on(t.orgId),
  ],
);

/** A decision taken at a meeting; with a task it is carried out through the supervision flow. */
export const meetingDecisions = pgTable(
  'meeting_decisions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => meetings.id),
    content: text('content').notNull(),
    taskId: integer('task_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('meeting_decisions_idx').on(t.meetingId)],
);
