import {
  boolean,
  customType,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { stamps } from '../../db/columns.js';
import { orgs } from '../orgs/orgs.table.js';

const bytea = customType<{ data: Buffer }>({
  dataType() {
    return 'bytea';
  },
});

/** 群众意见建议: one message from the public, from submission to the rated answer. */
export const opinions = pgTable(
  'opinions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** 查询码: the submitter's only handle on it; unguessable */
    code: text('code').notNull(),
    category: text('category').notNull(),
    /** the unit handling it; null while it waits for the dispatcher */
    orgId: integer('org_id').references(() => orgs.id),
    /** the campaign office whose dispatcher (派单) owns the queue */
    dispatchOrgId: integer('dispatch_org_id')
      .notNull()
      .references(() => orgs.id),
    status: text('status').notNull(),
    text: text('text').notNull(),
    submitterName: text('submitter_name'),
    submitterPhone: text('submitter_phone'),
    /** the submitter agrees that the answer may be published */
    agreePublic: boolean('agree_public').notNull().default(false),
    /** sha256 of the client address and of text+contact: for merging repeats without keeping the address */
    ipHash: text('ip_hash').notNull(),
    textHash: text('text_hash').notNull(),
    mergedCount: integer('merged_count').notNull().default(0),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull(),
    signDeadline: timestamp('sign_deadline', { withTimezone: true }).notNull(),
    answerDeadline: timestamp('answer_deadline', { withTimezone: true }).notNull(),
    signedAt: timestamp('signed_at', { withTimezone: true }),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    answer: text('answer'),
    answeredByName: text('answered_by_name'),
    answerPublished: boolean('answer_published').notNull().default(false),
    rating: text('rating'),
    ratingComment: text('rating_comment'),
    ratedAt: timestamp('rated_at', { withTimezone: true }),
    reopenCount: integer('reopen_count').notNull().default(0),
    returnReason: text('return_reason'),
    returnedFromOrgId: integer('returned_from_org_id'),
    unreasonable: boolean('unreasonable').notNull().default(false),
    unreasonableReason: text('unreasonable_reason'),
    hidden: boolean('hidden').notNull().default(false),
    hiddenReason: text('hidden_reason'),
    problemId: integer('problem_id'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    ...stamps(),
  },
  (t) => [
    uniqueIndex('opinions_code_uq').on(t.code),
    index('opinions_org_idx').on(t.orgId, t.status),
    index('opinions_dispatch_idx').on(t.dispatchOrgId, t.status),
    index('opinions_text_hash_idx').on(t.textHash, t.submittedAt),
    // the open, unanswered ones by answer deadline: the boundary hour of the overdue count (rollup metric 8)
    index('opinions_open_answer_deadline_idx')
      .on(t.answerDeadline)
      .where(sql`answered_at is null and status <> 'closed' and not hidden and not unreasonable`),
  ],
);

/** The timeline of an opinion, as the queues show it. */
export const opinionEvents = pgTable(
  'opinion_events',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    opinionId: integer('opinion_id')
      .notNull()
      .references(() => opinions.id),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorId: integer('actor_id'),
    actorName: text('actor_name').notNull(),
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    orgId: integer('org_id'),
    comment: text('comment').notNull().default(''),
  },
  (t) => [index('opinion_events_opinion_idx').on(t.opinionId, t.at)],
);

/** Pictures of opinions, articles and deeds, in the database so a backup is one file. */
export const publicFiles = pgTable(
  'public_files',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    ownerType: text('owner_type').notNull(),
    ownerId: integer('owner_id').notNull(),
    mime: text('mime').notNull(),
    size: integer('size').notNull(),
    data: bytea('data').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('public_files_owner_idx').on(t.ownerType, t.ownerId)],
);
