import { z } from 'zod';
import { listOf, ZId } from '../../platform/schemas.js';

export const ROUND_KINDS = { team: '班子检视', individual: '个人检视' } as const;

export const ZRoundCreate = z.object({
  campaignId: ZId,
  orgId: ZId,
  kind: z.enum(['team', 'individual']),
  title: z.string().trim().min(1, '请填写检视名称').max(200),
});
export const ZRound = z.object({
  id: z.number(),
  campaignId: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  kind: z.string(),
  title: z.string(),
  status: z.string(),
  participants: z.number(),
  submitted: z.number(),
  version: z.number(),
});
export const ZRoundList = listOf(ZRound);

export const ZAnswer = z.object({
  id: z.number(),
  userId: z.number(),
  userName: z.string(),
  itemId: z.number(),
  gap: z.string(),
  manifestation: z.string(),
  isProblem: z.boolean(),
  problemId: z.number().nullable(),
  status: z.string(),
  returnComment: z.string().nullable(),
});
export type TAnswer = z.infer<typeof ZAnswer>;

export const ZRoundDetail = ZRound.extend({
  items: z.array(z.object({ id: z.number(), seq: z.number(), title: z.string(), detail: z.string() })),
  mine: z.array(ZAnswer),
  /** all participants' answers, for those who run the round */
  answers: z.array(ZAnswer),
  canAnswer: z.boolean(),
  canManage: z.boolean(),
});

export const ZAnswersSave = z.object({
  answers: z
    .array(
      z.object({
        itemId: ZId,
        gap: z.string().trim().max(2000),
        manifestation: z.string().trim().max(5000).default(''),
        isProblem: z.boolean().default(false),
      }),
    )
    .min(1)
    .max(100),
  submit: z.boolean().default(false),
});
export type TAnswersSave = z.infer<typeof ZAnswersSave>;

export const ZAnswerReturn = z.object({ comment: z.string().trim().min(1, '请填写退回理由').max(2000) });

export const ZChecklist = z.object({
  items: z
    .array(
      z.object({
        title: z.string().trim().min(1, '请填写检视项目').max(100),
        detail: z.string().trim().max(2000).default(''),
      }),
    )
    .min(1, '检视清单至少要有一项')
    .max(100),
});
/** A checklist as stored: a campaign may have none yet, and items written by the campaign editor may be longer
 * or carry no detail, so the response is not held to the input's limits. */
export const ZChecklistView = z.object({
  items: z.array(z.object({ title: z.string(), detail: z.string().nullable() })),
});
