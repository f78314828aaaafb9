import { z } from 'zod';
import { listOf, ZId, ZLabelOptText, ZLabelText, ZPageQuery, ZVersion } from '../../platform/schemas.js';
import { ZDate } from '../problems/problems.schemas.js';
import { RESEARCH_STATES } from './research.machine.js';

const text = ZLabelText;
const optText = ZLabelOptText;

export const ZResearchCreate = z.object({
  orgId: ZId,
  campaignId: ZId,
  directionId: ZId.nullish(),
  title: text('课题名称', 200),
  leadPersonId: ZId.nullish(),
  plan: optText('调研方案', 5000),
});
export type TResearchCreate = z.infer<typeof ZResearchCreate>;

export const ZResearchUpdate = z.object({
  version: ZVersion,
  directionId: ZId.nullish(),
  title: text('课题名称', 200).optional(),
  leadPersonId: ZId.nullish(),
  plan: optText('调研方案', 5000),
  report: optText('调研报告', 50000),
});
export type TResearchUpdate = z.infer<typeof ZResearchUpdate>;

export const ZResearchTransition = z.object({
  version: ZVersion,
  action: z.enum(['start', 'report'], { error: '请选择操作（start 开始调研 / report 形成报告）' }),
});

export const ZFindingCreate = z.object({ text: text('调研发现', 2000) });

export const ZFindingConvert = z.discriminatedUnion(
  'kind',
  [
    z.object({
      kind: z.literal('problem'),
      title: optText('问题名称', 200),
      category: text('问题类别', 50),
      deadline: ZDate,
    }),
    z.object({ kind: z.literal('rule'), title: text('制度名称', 200), body: optText('制度内容', 20000) }),
    z.object({ kind: z.literal('measure'), measure: text('转化措施', 2000) }),
  ],
  { error: '请选择转化方式（problem 问题 / rule 制度 / measure 措施）' },
);
export type TFindingConvert = z.infer<typeof ZFindingConvert>;

export const ZFinding = z.object({
  id: z.number(),
  seq: z.number(),
  text: z.string(),
  conversion: z.enum(['problem', 'rule', 'measure']).nullable(),
  problemId: z.number().nullable(),
  problemNumber: z.string().nullable(),
  ruleId: z.number().nullable(),
  measure: z.string(),
  convertedAt: z.string().nullable(),
});

export const ZResearchTopic = z.object({
  id: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  campaignId: z.number(),
  directionId: z.number().nullable(),
  directionTitle: z.string().nullable(),
  title: z.string(),
  leadPersonId: z.number().nullable(),
  leadName: z.string().nullable(),
  status: z.enum(RESEARCH_STATES),
  findingCount: z.number(),
  convertedCount: z.number(),
  reportedAt: z.string().nullable(),
  version: z.number(),
});
export type TResearchTopic = z.infer<typeof ZResearchTopic>;
export const ZResearchList = listOf(ZResearchTopic);

export const ZResearchDetail = ZResearchTopic.extend({
  plan: z.string(),
  report: z.string(),
  reportFileName: z.string().nullable(),
  convertedAt: z.string().nullable(),
  findings: z.array(ZFinding),
  canManage: z.boolean(),
});

export const ZResearchQuery = ZPageQuery.extend({
  orgId: ZId.optional(),
  campaignId: ZId.optional(),
  directionId: ZId.optional(),
  status: z.enum(RESEARCH_STATES).optional(),
});
export type TResearchQuery = z.infer<typeof ZResearchQuery>;
