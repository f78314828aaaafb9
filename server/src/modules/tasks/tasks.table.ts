import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { stamps } from '../../db/columns.js';

/** 督办事项: a task issued by an org to targets; each target gets an assignment. */
export const tasks = pgTable(
  'tasks',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    campaignId: integer('campaign_id').notNull(),
    issuingOrgId: integer('issuing_org_id').notNull(),
    number: text('number').notNull(),
    title: text('title').notNull(),
    /** 工作督办 work | 专项督办 special */
    category: text('category').notNull().default('work'),
    basis: text('basis').notNull().default(''),
    instructingLeader: text('instructing_leader').notNull().default(''),
    /** normal | urgent | very_urgent */
    urgency: text('urgency').notNull().default('normal'),
    requirements: text('requirements').notNull().default(''),
    leadUnit: text('lead_unit').notNull().default(''),
    coUnits: text('co_units').notNull().default(''),
    supervisor: text('supervisor').notNull().default(''),
    deadline: timestamp('deadline', { withTimezone: true }).notNull(),
    /** daily | weekly | monthly | phase */
    reportFrequency: text('report_frequency').notNull().default('weekly'),
    /** days without a report before the light turns yellow; null for 阶段性 */
    reportIntervalDays: integer('report_interval_days'),
    resultForm: text('result_form').notNull().default(''),
    meetingId: integer('meeting_id'),
    createdBy: integer('created_by'),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
    ...stamps(),
  },
  (t) => [
    index('tasks_campaign_idx').on(t.campaignId, t.id),
    index('tasks_issuer_idx').on(t.issuingOrgId),
    uniqueIndex('tasks_number_uq').on(t.campaignId, t.number),
  ],
);

/** One org's copy of a task. Decomposition adds child assignments at direct child orgs. */
export const assignments = pgTable(
  'assignments',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    taskId: integer('task_id')
      .notNull()
      .references(() => tasks.id),
    orgId: integer('org_id').notNull(),
    parentAssignmentId: integer('parent_assignment_id'),
    /** the org that reviews this assignment: the task's issuer, or the parent assignment's org */
    issuerOrgId: integer('issuer_org_id').notNull(),
    /** issued | acknowledged | in_progress | completed | accepted | returned */
    status: text('status').notNull().default('issued'),
    deadline: timestamp('deadline', { withTimezone: true }).notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    lastReportAt: timestamp('last_report_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    progress: integer('progress').notNull().default(0),
    completionReport: text('completion_report'),
    results: text('results'),
    reviewComment: text('review_comment'),
    ...stamps(),
  },
  (t) => [
    uniqueIndex('assignments_task_org_uq').on(t.taskId, t.orgId),
    index('assignments_org_status_idx').on(t.orgId, t.status),
    index('assignments_parent_idx').on(t.parentAssignmentId),
    index('assignments_issuer_status_idx').on(t.issuerOrgId, t.status),
    // (deadline, id): the lists' order, so home's first overdue or near-deadline items are the index's first
    // entries (with the deadline alone, a province's overdue list sorted within each deadline in parallel workers)
    index('assignments_open_deadline_idx')
      .on(t.deadline, t.id)
      .where(sql`status not in ('completed', 'accepted')`),
  ],
);

/** 反馈 and 办结报告: every report on an assignment, append-only. */
export const assignmentReports = pgTable(
  'assignment_reports',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    assignmentId: integer('assignment_id')
      .notNull()
      .references(() => assignments.id),
    /** progress | completion | review_accept | review_return */
    kind: text('kind').notNull(),
    content: text('content').notNull(),
    progress: integer('progress'),
    authorId: integer('author_id'),
    authorName: text('author_name').notNull().default(''),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('assignment_reports_idx').on(t.assignmentId, t.at)],
);

/** 延期申请: asked before the deadline, decided by the issuer. */
export const extensionRequests = pgTable(
  'extension_requests',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    assignmentId: integer('assignment_id')
      .notNull()
      .references(() => assignments.id),
    reason: text('reason').notNull(),
    requestedDeadline: timestamp('requested_deadline', { withTimezone: true }).notNull(),
    /** pending | approved | rejected */
    status: text('status').notNull().default('pending'),
    decisionComment: text('decision_comment'),
    requestedBy: integer('requested_by'),
    decidedBy: integer('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    ...stamps(),
  },
  (t) => [index('extension_requests_idx').on(t.assignmentId, t.status)],
);
