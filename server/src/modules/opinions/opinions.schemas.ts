import { z } from 'zod';
import { listOf, ZId, ZPageQuery, ZVersion } from '../../platform/schemas.js';
import { OPINION_STATES, RATINGS } from './opinions.machine.js';

export const OPINION_CATEGORIES = ['意见', '建议', '投诉', '求助', '咨询', '表扬'] as const;

const text = (label: string, min: number, max: number) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(min, min <= 1 ? `请填写${label}` : `${label}至少${min}个字`)
    .max(max, `${label}不能超过${max}个字`);

export const ZPicture = z.object({
  name: z.string().max(100, '文件名不能超过100个字').optional(),
  /** base64 (a data: URL prefix is accepted) */
  data: z.string().max(1_500_000, '每张图片不能超过1MB'),
});

export const ZOpinionSubmit = z.object({
  category: z.enum(OPINION_CATEGORIES, { error: '请选择类别' }),
  /** the unit concerned, or null for 不清楚 (the dispatcher routes it) */
  orgId: ZId.nullable().optional(),
  text: text('内容', 5, 2000),
  name: z.string().trim().max(20, '姓名不能超过20个字').optional(),
  phone: z
    .string()
    .trim()
    .regex(/^1[3-9]\d{9}$/, '请填写11位手机号码')
    .optional()
    .or(z.literal('')),
  agreePublic: z.boolean().optional(),
  pictures: z.array(ZPicture).max(3, '最多上传3张图片').optional(),
  challenge: z.object({
    salt: z.string().min(1, '缺少安全校验').max(64, '安全校验无效'),
    nonce: z.string().min(1, '缺少安全校验').max(32, '安全校验无效'),
  }),
});
export type TOpinionSubmit = z.infer<typeof ZOpinionSubmit>;

export const ZSubmitted = z.object({ code: z.string(), merged: z.boolean() });
export const ZChallenge = z.object({ salt: z.string(), difficulty: z.number() });

export const ZCodeParams = z.object({ code: z.string().trim().min(4, '请输入查询码').max(20, '查询码无效') });
export const ZRate = z.object({
  rating: z.enum(RATINGS, { error: '请选择评价' }),
  comment: z.string().trim().max(500, '评价内容不能超过500个字').optional(),
});

/** What the holder of the code sees: no name, no phone, text masked. */
export const ZOpinionTrack = z.object({
  code: z.string(),
  category: z.string(),
  unitName: z.string().nullable(),
  status: z.enum(OPINION_STATES),
  statusLabel: z.string(),
  text: z.string(),
  submittedAt: z.string(),
  signDeadline: z.string(),
  answerDeadline: z.string(),
  answer: z.string().nullable(),
  answeredAt: z.string().nullable(),
  rating: z.string().nullable(),
  canRate: z.boolean(),
  reopened: z.boolean(),
  steps: z.array(z.object({ at: z.string(), label: z.string() })),
});

export const ZPublicOpinion = z.object({
  category: z.string(),
  unitName: z.string().nullable(),
  text: z.string(),
  answer: z.string().nullable(),
  submittedAt: z.string(),
  answeredAt: z.string().nullable(),
  rating: z.string().nullable(),
});

const ZLight = z.enum(['red', 'yellow', 'blue', 'green', 'none']);

export const ZOpinionItem = z.object({
  id: z.number(),
  code: z.string(),
  category: z.string(),
  orgId: z.number().nullable(),
  orgName: z.string().nullable(),
  status: z.enum(OPINION_STATES),
  statusLabel: z.string(),
  text: z.string(),
  submittedAt: z.string(),
  signDeadline: z.string(),
  answerDeadline: z.string(),
  light: ZLight,
  reopenCount: z.number(),
  unreasonable: z.boolean(),
  hidden: z.boolean(),
  rating: z.string().nullable(),
  version: z.number(),
});
export const ZOpinionList = listOf(ZOpinionItem);

export const ZOpinionDetail = ZOpinionItem.extend({
  /** only for the dispatcher and the assigned unit; masked for anyone else who can see it */
  submitterName: z.string().nullable(),
  submitterPhone: z.string().nullable(),
  agreePublic: z.boolean(),
  answer: z.string().nullable(),
  answeredAt: z.string().nullable(),
  answeredByName: z.string().nullable(),
  answerPublished: z.boolean(),
  ratingComment: z.string().nullable(),
  returnReason: z.string().nullable(),
  unreasonableReason: z.string().nullable(),
  hiddenReason: z.string().nullable(),
  problemId: z.number().nullable(),
  mergedCount: z.number(),
  pictureIds: z.array(z.number()),
  actions: z.array(z.string()),
  events: z.array(
    z.object({
      at: z.string(),
      actorName: z.string(),
      action: z.string(),
      toStatus: z.string().nullable(),
      comment: z.string(),
    }),
  ),
});
export type TOpinionDetail = z.infer<typeof ZOpinionDetail>;

export const ZOpinionListQuery = ZPageQuery.extend({
  /** dispatch: the dispatcher's queue; unit: opinions at units in scope */
  box: z.enum(['dispatch', 'unit', 'all']).default('all'),
  status: z.enum(OPINION_STATES).optional(),
  orgId: ZId.optional(),
  q: z.string().trim().max(50).optional(),
});
export type TOpinionListQuery = z.infer<typeof ZOpinionListQuery>;

const reason = (label: string) => text(label, 2, 500);
export const ZDispatch = z.object({ version: ZVersion, orgId: ZId, comment: z.string().max(500).optional() });
export const ZVersionOnly = z.object({ version: ZVersion });
export const ZReturn = z.object({ version: ZVersion, reason: reason('退回理由') });
export const ZAnswer = z.object({ version: ZVersion, answer: text('答复内容', 5, 3000) });
export const ZPublish = z.object({ version: ZVersion, publish: z.boolean() });
export const ZFlag = z.object({
  version: ZVersion,
  on: z.boolean(),
  reason: z.string().trim().max(500).optional(),
});
export const ZClose = z.object({ version: ZVersion, reason: reason('关闭理由') });
export const ZToProblem = z.object({
  version: ZVersion,
  campaignId: ZId,
  title: text('问题名称', 2, 200),
  category: text('问题类别', 1, 50),
  deadline: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '请填写整改时限（YYYY-MM-DD）'),
});

export const ZStatsQuery = z.object({ parentId: ZId.optional() });
export const ZUnitStats = z.object({
  orgId: z.number(),
  orgName: z.string(),
  received: z.number(),
  signedOnTime: z.number(),
  answered: z.number(),
  resolved: z.number(),
  rated: z.number(),
  satisfied: z.number(),
  overdue: z.number(),
  excluded: z.number(),
  responseRate: z.number().nullable(),
  resolutionRate: z.number().nullable(),
  satisfactionRate: z.number().nullable(),
});
export type TUnitStats = z.infer<typeof ZUnitStats>;
