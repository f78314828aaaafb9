import { z } from 'zod';
import { listOf, ZBoolQuery, ZId, ZOptText, ZPageQuery, ZText, ZVersion } from '../../platform/schemas.js';

export const GENDERS = ['男', '女'] as const;
export const POLITICAL_STATUSES = ['中共党员', '中共预备党员', '共青团员', '民主党派', '群众'] as const;

export const ZPhone = z
  .string()
  .trim()
  .regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, '请输入11位手机号或带区号的固定电话')
  .nullish()
  .or(z.literal('').transform(() => null));

export const ZPerson = z.object({
  id: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  name: z.string(),
  gender: z.string(),
  position: z.string().nullable(),
  politicalStatus: z.string(),
  phone: z.string().nullable(),
  phoneMasked: z.boolean(),
  userId: z.number().nullable(),
  username: z.string().nullable(),
  active: z.boolean(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TPerson = z.infer<typeof ZPerson>;
export const ZPersonList = listOf(ZPerson);

export const ZPersonListQuery = ZPageQuery.extend({
  q: z.string().trim().max(50).optional(),
  orgId: ZId.optional(),
  subtree: ZBoolQuery.optional(),
  politicalStatus: z.enum(POLITICAL_STATUSES).optional(),
  active: ZBoolQuery.optional(),
});
export type TPersonListQuery = z.infer<typeof ZPersonListQuery>;

export const ZPersonCreate = z.object({
  orgId: ZId,
  name: ZText(50),
  gender: z.enum(GENDERS),
  position: ZOptText(50),
  politicalStatus: z.enum(POLITICAL_STATUSES),
  phone: ZPhone,
});
export type TPersonCreate = z.infer<typeof ZPersonCreate>;

export const ZPersonUpdate = z.object({
  version: ZVersion,
  orgId: ZId.optional(),
  name: ZText(50).optional(),
  gender: z.enum(GENDERS).optional(),
  position: ZOptText(50).optional(),
  politicalStatus: z.enum(POLITICAL_STATUSES).optional(),
  phone: ZPhone.optional(),
});
export type TPersonUpdate = z.infer<typeof ZPersonUpdate>;
export const ZPersonDeactivate = z.object({ version: ZVersion, reason: ZOptText(500) });
