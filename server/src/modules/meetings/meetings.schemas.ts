import { z } from 'zod';
import { listOf, ZId, ZOptText, ZPageQuery, ZText, ZVersion } from '../../platform/schemas.js';
import { ZTaskCreate } from '../tasks/tasks.schemas.js';

export const ZVenue = z.object({
  id: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  kind: z.string(),
  place: z.string(),
  expected: z.number().nullable(),
  present: z.number().nullable(),
  absenceNote: z.string().nullable(),
  recordedAt: z.string().nullable(),
  version: z.number(),
  canRecord: z.boolean(),
});
export const ZMeeting = z.object({
  id: z.number(),
  campaignId: z.number(),
  organizerOrgId: z.number(),
  organizerOrgName: z.string(),
  title: z.string(),
  startsAt: z.string(),
  attendeeScope: z.string(),
  agenda: z.string(),
  videoLink: z.string().nullable(),
  minutes: z.string(),
  status: z.string(),
  version: z.number(),
  venueCount: z.number(),
});
export const ZMeetingDetail = ZMeeting.extend({
  venues: z.array(ZVenue),
  decisions: z.array(z.object({ id: z.number(), content: z.string(), taskId: z.number().nullable() })),
  canManage: z.boolean(),
});
export const ZMeetingList = listOf(ZMeeting);
export const ZMeetingListQuery = ZPageQuery.extend({ campaignId: ZId.optional() });

export const ZMeetingCreate = z.object({
  campaignId: ZId,
  organizerOrgId: ZId,
  title: ZText(200),
  startsAt: z.iso.datetime({ offset: true, error: '请输入有效的会议时间' }),
  attendeeScope: ZOptText(1000),
  agenda: ZOptText(5000),
  videoLink: z
    .url({ protocol: /^https?$/, error: '请输入有效的 http(s) 链接' })
    .max(500)
    .nullish(),
  place: ZOptText(200),
  /** sub-venues: every direct child unit, or the chosen units below the organiser */
  subVenues: z.union([z.literal('children'), z.array(ZId).max(2000)]).default([]),
});
export type TMeetingCreate = z.infer<typeof ZMeetingCreate>;

export const ZMeetingUpdate = z.object({
  version: ZVersion,
  title: ZText(200).optional(),
  agenda: ZOptText(5000).optional(),
  attendeeScope: ZOptText(1000).optional(),
  minutes: ZOptText(20000).optional(),
  status: z.enum(['planned', 'held']).optional(),
});
export type TMeetingUpdate = z.infer<typeof ZMeetingUpdate>;

export const ZAttendance = z
  .object({
    version: ZVersion,
    expected: z.number().int().min(0).max(100000),
    present: z.number().int().min(0).max(100000),
    absenceNote: ZOptText(1000),
  })
  .refine((a) => a.present <= a.expected, { message: '实到人数不能超过应到人数', path: ['present'] });

export const ZDecisionCreate = z.object({
  content: ZText(2000),
  /** with a task, the decision is issued through the supervision flow at once */
  task: ZTaskCreate.omit({ campaignId: true, issuingOrgId: true }).optional(),
});
export type TDecisionCreate = z.infer<typeof ZDecisionCreate>;
