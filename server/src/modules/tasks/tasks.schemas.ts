import { z } from 'zod';
import { listOf, ZBoolQuery, ZId, ZOptText, ZPageQuery, ZText, ZVersion } from '../../platform/schemas.js';
import { ASSIGNMENT_STATES } from './assignment.machine.js';

/** A calendar date (YYYY-MM-DD); a deadline is the end of that day in Asia/Shanghai. */
export const ZDate = z.iso.date({ error: '请输入有效日期（YYYY-MM-DD）' });
export const endOfDayShanghai = (d: string) => new Date(`${d}T23:59:59+08:00`);

export const LIGHTS = ['red', 'yellow', 'blue', 'green', 'done'] as const;
export const ZLight = z.enum(LIGHTS);
export const FREQUENCIES = { daily: 1, weekly: 7, monthly: 30, phase: null } as const;
export const ZFrequency = z.enum(['daily', 'weekly', 'monthly', 'phase']);

export const ZTargets = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('orgs'), orgIds: z.array(ZId).min(1, '请至少选择一个单位').max(5000) }),
  z.object({ mode: z.literal('children') }),
  z.object({ mode: z.literal('category'), categoryId: ZId }),
]);

export const ZTaskCreate = z.object({
  campaignId: ZId,
  issuingOrgId: ZId,
  number: ZOptText(50),
  title: ZText(200),
  category: z.enum(['work', 'special']).default('work'),
  basis: ZOptText(1000),
  instructingLeader: ZOptText(100),
  urgency: z.enum(['normal', 'urgent', 'very_urgent']).default('normal'),
  requirements: ZOptText(5000),
  leadUnit: ZOptText(200),
  coUnits: ZOptText(500),
  supervisor: ZOptText(100),
  deadline: ZDate,
  reportFrequency: ZFrequency.default('weekly'),
  resultForm: ZOptText(200),
  targets: ZTargets,
});
export type TTaskCreate = z.infer<typeof ZTaskCreate>;

export const ZCounts = z.object({
  total: z.number(),
  issued: z.number(),
  working: z.number(),
  completed: z.number(),
  accepted: z.number(),
  red: z.number(),
  yellow: z.number(),
  blue: z.number(),
});
export type TCounts = z.infer<typeof ZCounts>;

export const ZTask = z.object({
  id: z.number(),
  campaignId: z.number(),
  issuingOrgId: z.number(),
  issuingOrgName: z.string(),
  number: z.string(),
  title: z.string(),
  category: z.string(),
  basis: z.string(),
  instructingLeader: z.string(),
  urgency: z.string(),
  requirements: z.string(),
  leadUnit: z.string(),
  coUnits: z.string(),
  supervisor: z.string(),
  deadline: z.string(),
  reportFrequency: z.string(),
  resultForm: z.string(),
  meetingId: z.number().nullable(),
  issuedAt: z.string(),
  version: z.number(),
  /** over the assignments the caller can see */
  counts: ZCounts,
});
export type TTask = z.infer<typeof ZTask>;

export const ZTaskListQuery = ZPageQuery.extend({
  campaignId: ZId.optional(),
  q: z.string().trim().max(100).optional(),
});
export type TTaskListQuery = z.infer<typeof ZTaskListQuery>;

export const ZAssignment = z.object({
  id: z.number(),
  taskId: z.number(),
  taskNumber: z.string(),
  taskTitle: z.string(),
  orgId: z.number(),
  orgName: z.string(),
  parentAssignmentId: z.number().nullable(),
  issuerOrgId: z.number(),
  issuerOrgName: z.string(),
  status: z.enum(ASSIGNMENT_STATES),
  light: ZLight,
  deadline: z.string(),
  issuedAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  lastReportAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  progress: z.number(),
  completionReport: z.string().nullable(),
  results: z.string().nullable(),
  reviewComment: z.string().nullable(),
  childCount: z.number(),
  version: z.number(),
  /** what the caller may do here */
  canHandle: z.boolean(),
  canReview: z.boolean(),
});
export type TAssignment = z.infer<typeof ZAssignment>;

export const ZTreeNode = ZAssignment.extend({ subtree: ZCounts });
export const ZTreeQuery = z.object({ parentId: ZId.optional() });

export const ZReport = z.object({
  id: z.number(),
  kind: z.string(),
  content: z.string(),
  progress: z.number().nullable(),
  authorName: z.string(),
  at: z.string(),
});
export const ZExtension = z.object({
  id: z.number(),
  reason: z.string(),
  requestedDeadline: z.string(),
  status: z.string(),
  decisionComment: z.string().nullable(),
  createdAt: z.string(),
});
export const ZAssignmentDetail = ZAssignment.extend({
  reports: z.array(ZReport),
  extensions: z.array(ZExtension),
  ancestors: z.array(z.object({ id: z.number(), orgName: z.string(), status: z.string() })),
});

export const ZAssignmentListQuery = ZPageQuery.extend({
  taskId: ZId.optional(),
  campaignId: ZId.optional(),
  status: z.enum(ASSIGNMENT_STATES).optional(),
  light: ZLight.optional(),
  /** only the caller's own units (grants at exactly the assignment org) */
  mine: ZBoolQuery.optional(),
  /** only assignments the caller's own units review (task.issue at the issuer org) */
  review: ZBoolQuery.optional(),
});
export type TAssignmentListQuery = z.infer<typeof ZAssignmentListQuery>;
export const ZAssignmentList = listOf(ZAssignment);

export const ZVersionBody = z.object({ version: ZVersion });
export const ZDecompose = z
  .object({
    version: ZVersion,
    orgIds: z.array(ZId).max(5000).optional(),
    allChildren: z.boolean().optional(),
    deadline: ZDate.optional(),
  })
  .refine((b) => b.allChildren || (b.orgIds && b.orgIds.length > 0), {
    message: '请选择下级单位',
    path: ['orgIds'],
  });
export const ZReportBody = z.object({
  version: ZVersion,
  content: ZText(5000),
  progress: z.number().int().min(0).max(100).optional(),
});
export const ZComplete = z.object({ version: ZVersion, report: ZText(10000), results: ZOptText(2000) });
export const ZReview = z
  .object({ version: ZVersion, decision: z.enum(['accept', 'return']), comment: ZOptText(2000) })
  .refine((b) => b.decision === 'accept' || Boolean(b.comment), {
    message: '退回时请填写退回理由',
    path: ['comment'],
  });
export const ZExtensionRequest = z.object({ version: ZVersion, reason: ZText(1000), deadline: ZDate });
export const ZExtensionDecide = z.object({
  decision: z.enum(['approve', 'reject']),
  comment: ZOptText(1000),
});

export const ZHome = z.object({
  toAcknowledge: z.array(ZAssignment),
  toReport: z.array(ZAssignment),
  toReview: z.array(ZAssignment),
  pendingExtensions: z.number(),
  progress: ZCounts,
  overdue: z.array(ZAssignment),
  upcoming: z.array(ZAssignment),
  unread: z.number(),
});
