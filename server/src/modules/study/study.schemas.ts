import { z } from 'zod';
import { listOf, ZId, ZLabelOptText, ZLabelText, ZPageQuery, ZVersion } from '../../platform/schemas.js';
import { ZDate } from '../problems/problems.schemas.js';

export const STUDY_KINDS = {
  central: '集中学习',
  seminar: '专题研讨',
  branch: '支部学习',
  lecture: '专题党课',
} as const;
export type StudyKind = keyof typeof STUDY_KINDS;
const KIND_CODES = Object.keys(STUDY_KINDS) as [StudyKind, ...StudyKind[]];

export const ATTENDANCE = { present: '出席', absent: '缺席', leave: '请假' } as const;
export type AttendanceStatus = keyof typeof ATTENDANCE;
const ATTENDANCE_CODES = Object.keys(ATTENDANCE) as [AttendanceStatus, ...AttendanceStatus[]];

const text = ZLabelText;
const optText = ZLabelOptText;

export const ZAttendanceInput = z
  .object({
    personId: ZId,
    status: z.enum(ATTENDANCE_CODES, { error: '请选择出席、缺席或请假' }),
    reason: optText('请假或缺席原因', 200),
  })
  .refine((a) => a.status !== 'leave' || Boolean(a.reason), {
    message: '请假须填写原因',
    path: ['reason'],
  });

const attendanceList = z
  .array(ZAttendanceInput)
  .max(2000, '一次最多登记2000人')
  .refine((xs) => new Set(xs.map((x) => x.personId)).size === xs.length, '同一人不能重复登记');

export const ZStudySessionCreate = z.object({
  orgId: ZId,
  campaignId: ZId,
  title: text('学习主题', 200),
  kind: z.enum(KIND_CODES, { error: '请选择学习形式' }),
  heldOn: ZDate,
  place: optText('地点', 200),
  summary: optText('内容摘要', 5000),
  organizer: optText('组织人', 50),
  attendance: attendanceList.default([]),
});
export type TStudySessionCreate = z.infer<typeof ZStudySessionCreate>;

export const ZStudySessionUpdate = z.object({
  version: ZVersion,
  title: text('学习主题', 200).optional(),
  kind: z.enum(KIND_CODES, { error: '请选择学习形式' }).optional(),
  heldOn: ZDate.optional(),
  place: optText('地点', 200),
  summary: optText('内容摘要', 5000),
  organizer: optText('组织人', 50),
  /** when given, replaces the whole attendance list */
  attendance: attendanceList.optional(),
});
export type TStudySessionUpdate = z.infer<typeof ZStudySessionUpdate>;

const ZCounts = z.object({ present: z.number(), absent: z.number(), leave: z.number() });

export const ZStudySession = z.object({
  id: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  campaignId: z.number(),
  title: z.string(),
  kind: z.enum(KIND_CODES),
  heldOn: z.string(),
  place: z.string(),
  summary: z.string(),
  organizer: z.string(),
  counts: ZCounts,
  version: z.number(),
});
export type TStudySession = z.infer<typeof ZStudySession>;
export const ZStudySessionList = listOf(ZStudySession);

export const ZStudySessionDetail = ZStudySession.extend({
  attendance: z.array(
    z.object({
      personId: z.number(),
      name: z.string(),
      status: z.enum(ATTENDANCE_CODES),
      reason: z.string(),
    }),
  ),
  canRecord: z.boolean(),
});

export const ZStudySessionQuery = ZPageQuery.extend({
  orgId: ZId.optional(),
  campaignId: ZId.optional(),
  kind: z.enum(KIND_CODES).optional(),
  from: ZDate.optional(),
  to: ZDate.optional(),
});
export type TStudySessionQuery = z.infer<typeof ZStudySessionQuery>;

export const ZStudyRateQuery = z.object({
  orgId: ZId.optional(),
  campaignId: ZId.optional(),
  from: ZDate.optional(),
  to: ZDate.optional(),
});
export type TStudyRateQuery = z.infer<typeof ZStudyRateQuery>;

const ZRateRow = z.object({
  orgId: z.number(),
  orgName: z.string(),
  sessions: z.number(),
  present: z.number(),
  absent: z.number(),
  leave: z.number(),
  /** present ÷ everyone listed, 0–1; null when nobody was listed */
  attendanceRate: z.number().nullable(),
});
export type TRateRow = z.infer<typeof ZRateRow>;
/** The chosen unit's whole subtree, and each unit directly below it (or each scope root when none is chosen). */
export const ZStudyRates = z.object({
  org: ZRateRow.nullable(),
  items: z.array(ZRateRow),
  total: z.number(),
});
