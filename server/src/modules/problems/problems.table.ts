import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { bytea, stamps } from '../../db/columns.js';
import { campaigns } from '../campaigns/campaigns.table.js';
import { orgs } from '../orgs/orgs.table.js';

/** Per campaign: the problem-number counter (row-locked by UPDATE … RETURNING) and the light settings. */
export const problemLedgers = pgTable('problem_ledgers', {
  campaignId: integer('campaign_id')
    .primaryKey()
    .references(() => campaigns.id),
  lastSeq: integer('last_seq').notNull().default(0),
  /** blue light: the deadline falls within this many days */
  warnDays: integer('warn_days').notNull().default(7),
  /** yellow light: no progress reported within this many days */
  reportDays: integer('report_days').notNull().default(14),
  ...stamps(),
});

/** 问题归类: the same problem found in many units, grouped by an upper unit. */
export const problemGroups = pgTable(
  'problem_groups',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    createdBy: integer('created_by'),
    ...stamps(),
  },
  (t) => [index('problem_groups_org_idx').on(t.orgId)],
);

export const problems = pgTable(
  'problems',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    seq: integer('seq').notNull(),
    number: text('number').notNull(),
    title: text('title').notNull(),
    manifestation: text('manifestation').notNull().default(''),
    category: text('category').notNull(),
    checklistItemId: integer('checklist_item_id'),
    source: text('source').notNull(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    issuingOrgId: integer('issuing_org_id')
      .notNull()
      .references(() => orgs.id),
    leaderName: text('leader_name').notNull().default(''),
    personName: text('person_name').notNull().default(''),
    ownerUserId: integer('owner_user_id'),
    causeSubjective: text('cause_subjective').notNull().default(''),
    causeSystemic: text('cause_systemic').notNull().default(''),
    target: text('target').notNull().default(''),
    deadline: date('deadline', { mode: 'string' }).notNull(),
    status: text('status').notNull().default('draft'),
    resultText: text('result_text').notNull().default(''),
    lastProgressAt: timestamp('last_progress_at', { withTimezone: true }).notNull().defaultNow(),
    isPublic: boolean('is_public').notNull().default(false),
    publicFields: jsonb('public_fields').$type<string[]>().notNull().default([]),
    links: jsonb('links').$type<{ kind: string; id: number }[]>().notNull().default([]),
    groupId: integer('group_id').references(() => problemGroups.id),
    extensionDeadline: date('extension_deadline', { mode: 'string' }),
    extensionReason: text('extension_reason'),
    submittedBy: integer('submitted_by'),
    signedOffAt: timestamp('signed_off_at', { withTimezone: true }),
    signedOffBy: integer('signed_off_by'),
    signedOffByName: text('signed_off_by_name'),
    signOffOpinion: text('sign_off_opinion'),
    createdBy: integer('created_by'),
    ...stamps(),
  },
  (t) => [
    uniqueIndex('problems_number_uq').on(t.campaignId, t.number),
    // A subtree's ledger page reads each org's matching rows by (status, deadline) from the index alone (campaign_id
    // for the ledger join): at a province district, 625 short index-only scans instead of every problem's heap row.
    index('problems_org_status_idx').on(t.orgId, t.status, t.deadline, t.id, t.campaignId),
    // (deadline, id): the ledger's order, so a page of 20 stops after 20 index entries (no sort of a whole deadline day)
    index('problems_status_idx').on(t.status, t.deadline, t.id),
    index('problems_deadline_idx').on(t.deadline, t.id),
    index('problems_campaign_idx').on(t.campaignId, t.status),
    index('problems_group_idx').on(t.groupId),
    index('problems_title_trgm').using('gin', sql`${t.title} gin_trgm_ops`),
    index('problems_manifestation_trgm').using('gin', sql`${t.manifestation} gin_trgm_ops`),
  ],
);

/** 整改措施: fix_now (立行立改), by_deadline (限期整改), lasting (长期坚持). */
export const problemMeasures = pgTable(
  'problem_measures',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    problemId: integer('problem_id')
      .notNull()
      .references(() => problems.id),
    seq: integer('seq').notNull(),
    text: text('text').notNull(),
    type: text('type').notNull(),
    deadline: date('deadline', { mode: 'string' }),
    ownerName: text('owner_name').notNull().default(''),
    progress: text('progress').notNull().default(''),
    done: boolean('done').notNull().default(false),
    doneAt: timestamp('done_at', { withTimezone: true }),
    groupId: integer('group_id').references(() => problemGroups.id),
    ...stamps(),
  },
  (t) => [index('problem_measures_problem_idx').on(t.problemId, t.seq)],
);

/** The timeline: every transition and change, as the problem page shows it. */
export const problemEvents = pgTable(
  'problem_events',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    problemId: integer('problem_id')
      .notNull()
      .references(() => problems.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: integer('actor_id'),
    actorName: text('actor_name').notNull(),
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    comment: text('comment').notNull().default(''),
  },
  (t) => [index('problem_events_problem_idx').on(t.problemId, t.at)],
);

/** Evidence files, kept in the database so a backup is one file. */
export const problemFiles = pgTable(
  'problem_files',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    problemId: integer('problem_id')
      .notNull()
      .references(() => problems.id),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    data: bytea('data').notNull(),
    uploadedBy: integer('uploaded_by'),
    uploadedByName: text('uploaded_by_name').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('problem_files_problem_idx').on(t.problemId)],
);

/** 建章立制: a rule or system adopted, linked to the problems it addresses. */
export const rules = pgTable(
  'rules',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    title: text('title').notNull(),
    issuedOn: date('issued_on', { mode: 'string' }),
    docNumber: text('doc_number').notNull().default(''),
    body: text('body').notNull().default(''),
    /** the rule's document, when it is kept as a file rather than (or besides) the text */
    fileName: text('file_name'),
    fileType: text('file_type'),
    fileData: bytea('file_data'),
    createdBy: integer('created_by'),
    ...stamps(),
  },
  (t) => [index('rules_org_idx').on(t.orgId)],
);

export const ruleProblems = pgTable(
  'rule_problems',
  {
    ruleId: integer('rule_id')
      .notNull()
      .references(() => rules.id),
    problemId: integer('problem_id')
      .notNull()
      .references(() => problems.id),
  },
  (t) => [
    primaryKey({ columns: [t.ruleId, t.problemId] }),
    index('rule_problems_problem_idx').on(t.problemId),
  ],
);

/**
 * Each problem's 整改台账 row, rendered once per change instead of once per export (issue 6): the cells from
 * column B on, as the export writes them (problems.ledger-rows.ts). A fragment is absent or current — the
 * `ledger_rows_sql` migration's triggers delete it when anything it shows changes.
 */
export const ledgerRows = pgTable('ledger_rows', {
  problemId: integer('problem_id')
    .primaryKey()
    .references(() => problems.id, { onDelete: 'cascade' }),
  xml: text('xml').notNull(),
});
