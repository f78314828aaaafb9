import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { bytea, stamps } from '../../db/columns.js';
import { orgs } from '../orgs/orgs.table.js';

/**
 * 调查研究: a research topic a unit takes on under one of the campaign's key directions (campaign_items of kind
 * `direction`, data, not code), carried out with the 深实细准效 method, reported, and converted (成果转化).
 */
export const researchTopics = pgTable(
  'research_topics',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    campaignId: integer('campaign_id').notNull(),
    /** the key direction (重点方向): a campaign item of kind `direction` */
    directionId: integer('direction_id'),
    title: text('title').notNull(),
    leadPersonId: integer('lead_person_id'),
    /** 调研方案: where to go, whom to ask, how (深、实、细、准、效) */
    plan: text('plan').notNull().default(''),
    /** planned | in_progress | reported | converted */
    status: text('status').notNull().default('planned'),
    report: text('report').notNull().default(''),
    /** the report as a document (PDF, Word, …), besides or instead of its text */
    reportFileName: text('report_file_name'),
    reportFileType: text('report_file_type'),
    reportFileData: bytea('report_file_data'),
    reportedAt: timestamp('reported_at', { withTimezone: true }),
    convertedAt: timestamp('converted_at', { withTimezone: true }),
    createdBy: integer('created_by'),
    ...stamps(),
  },
  (t) => [
    index('research_topics_org_idx').on(t.orgId, t.status),
    index('research_topics_campaign_idx').on(t.campaignId, t.directionId),
  ],
);

/** A finding of a topic, and what it was converted into: a ledger problem, a rule, or a measure taken. */
export const researchFindings = pgTable(
  'research_findings',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    topicId: integer('topic_id')
      .notNull()
      .references(() => researchTopics.id),
    seq: integer('seq').notNull(),
    text: text('text').notNull(),
    /** null until converted; problem | rule | measure */
    conversion: text('conversion'),
    problemId: integer('problem_id'),
    ruleId: integer('rule_id'),
    /** the measure adopted, for conversion `measure` */
    measure: text('measure').notNull().default(''),
    convertedAt: timestamp('converted_at', { withTimezone: true }),
    ...stamps(),
  },
  (t) => [index('research_findings_topic_idx').on(t.topicId, t.seq)],
);
