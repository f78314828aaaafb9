import { date, index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { stamps } from '../../db/columns.js';

export const campaigns = pgTable('campaigns', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  code: text('code').notNull(),
  name: text('name').notNull(),
  issuingOrgId: integer('issuing_org_id').notNull(),
  generalRequirement: text('general_requirement').notNull().default(''),
  fundamentalTask: text('fundamental_task').notNull().default(''),
  goals: jsonb('goals').$type<string[]>().notNull().default([]),
  phases: jsonb('phases').$type<{ name: string; startsOn: string; endsOn: string }[]>().notNull().default([]),
  startsOn: date('starts_on'),
  endsOn: date('ends_on'),
  status: text('status').notNull().default('active'),
  ...stamps(),
});

/** A campaign's templates as data: checklist items (十查十看), research directions, key tasks. */
export const campaignItems = pgTable(
  'campaign_items',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    kind: text('kind').notNull(),
    seq: integer('seq').notNull(),
    title: text('title').notNull(),
    detail: text('detail').notNull().default(''),
    ...stamps(),
  },
  (t) => [index('campaign_items_idx').on(t.campaignId, t.kind, t.seq)],
);
