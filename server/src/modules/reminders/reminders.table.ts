import { boolean, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { stamps } from '../../db/columns.js';

/** The ladder as data: step n fires `offsetDays` after the deadline (negative = before). */
export const reminderRules = pgTable(
  'reminder_rules',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    subjectType: text('subject_type').notNull(),
    step: integer('step').notNull(),
    /** 提醒 | 督办通知 | 警示 | 问责建议 */
    name: text('name').notNull(),
    offsetDays: integer('offset_days').notNull(),
    notifySuperior: boolean('notify_superior').notNull(),
    active: boolean('active').notNull().default(true),
    ...stamps(),
  },
  (t) => [uniqueIndex('reminder_rules_uq').on(t.subjectType, t.step)],
);

/** What the ladder has sent: the unique key makes every step fire at most once per subject. */
export const reminderSends = pgTable(
  'reminder_sends',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    subjectType: text('subject_type').notNull(),
    subjectId: integer('subject_id').notNull(),
    step: integer('step').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
    recipients: jsonb('recipients').$type<number[]>().notNull().default([]),
  },
  (t) => [uniqueIndex('reminder_sends_uq').on(t.subjectType, t.subjectId, t.step)],
);
