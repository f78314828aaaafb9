import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { stamps } from '../../db/columns.js';
import { campaigns } from '../campaigns/campaigns.table.js';
import { orgs } from '../orgs/orgs.table.js';

/** 检视: a round of self-inspection of one org against a campaign's checklist (班子检视 team / 个人检视 individual). */
export const inspectionRounds = pgTable(
  'inspection_rounds',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    status: text('status').notNull().default('open'),
    createdBy: integer('created_by'),
    ...stamps(),
  },
  (t) => [index('inspection_rounds_org_idx').on(t.orgId)],
);

/** One participant's answer to one checklist item; a finding marked as a problem links to it. */
export const inspectionAnswers = pgTable(
  'inspection_answers',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    roundId: integer('round_id')
      .notNull()
      .references(() => inspectionRounds.id),
    userId: integer('user_id').notNull(),
    userName: text('user_name').notNull(),
    itemId: integer('item_id').notNull(),
    gap: text('gap').notNull().default(''),
    manifestation: text('manifestation').notNull().default(''),
    isProblem: boolean('is_problem').notNull().default(false),
    problemId: integer('problem_id'),
    status: text('status').notNull().default('draft'),
    returnComment: text('return_comment'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    ...stamps(),
  },
  (t) => [
    uniqueIndex('inspection_answers_uq').on(t.roundId, t.userId, t.itemId),
    index('inspection_answers_round_idx').on(t.roundId, t.status),
  ],
);
