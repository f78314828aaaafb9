import { z } from 'zod';
import { listOf, ZId, ZPageQuery, ZVersion } from '../../platform/schemas.js';
import { RATINGS } from '../opinions/opinions.machine.js';

const text = (label: string, max: number, min = 1) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(min, `请填写${label}`)
    .max(max, `${label}不能超过${max}个字`);
const ZDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '请填写日期（YYYY-MM-DD）');

export const ZMilestoneInput = z.object({
  title: text('节点名称', 100),
  weight: z.number().int().min(1, '权重至少为1').max(100, '权重不能超过100'),
});

export const ZDeedCreate = z.object({
  orgId: ZId,
  title: text('实事名称', 100),
  description: z.string().trim().max(2000, '内容不能超过2000个字').optional(),
  leaderName: z.string().trim().max(20, '责任领导不能超过20个字').optional(),
  targetDate: ZDate,
  milestones: z.array(ZMilestoneInput).min(1, '至少设置一个节点').max(20, '节点不能超过20个'),
});
export type TDeedCreate = z.infer<typeof ZDeedCreate>;

export const ZDeedProgress = z.object({
  version: ZVersion,
  milestones: z
    .array(
      z.object({ id: ZId, progress: z.number().int().min(0, '进度不能小于0').max(100, '进度不能超过100') }),
    )
    .min(1)
    .max(20),
});
export const ZDeedComplete = z.object({ version: ZVersion });

export const ZMilestone = z.object({
  id: z.number(),
  title: z.string(),
  weight: z.number(),
  progress: z.number(),
});
export const ZDeed = z.object({
  id: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  title: z.string(),
  description: z.string(),
  leaderName: z.string(),
  targetDate: z.string(),
  status: z.enum(['active', 'completed']),
  completedAt: z.string().nullable(),
  progress: z.number(),
  milestones: z.array(ZMilestone),
  ratings: z.record(z.string(), z.number()),
  version: z.number(),
});
export type TDeed = z.infer<typeof ZDeed>;
export const ZDeedList = listOf(ZDeed);
export const ZDeedListQuery = ZPageQuery.extend({ orgId: ZId.optional() });
export const ZDeedRate = z.object({
  rating: z.enum(RATINGS, { error: '请选择评价' }),
  deviceId: z.string().trim().min(8, '设备标识无效').max(64, '设备标识无效'),
});
