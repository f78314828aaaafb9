import { z } from 'zod';
import { listOf, ZBoolQuery, ZId, ZPageQuery, ZVersion } from '../../platform/schemas.js';
import { PROBLEM_ACTIONS, PROBLEM_STATES } from './problems.machine.js';

export const SOURCES = {
  self: '自己找',
  supervision: '督导反馈',
  public: '群众提',
  inspection: '巡视巡察',
  audit: '审计',
  superior: '上级点',
  peer: '同级帮',
  research: '调研发现',
} as const;
export type Source = keyof typeof SOURCES;
export const SOURCE_CODES = Object.keys(SOURCES) as [Source, ...Source[]];

export const MEASURE_TYPES = { fix_now: '立行立改', by_deadline: '限期整改', lasting: '长期坚持' } as const;
export type MeasureType = keyof typeof MEASURE_TYPES;
export const MEASURE_TYPE_CODES = Object.keys(MEASURE_TYPES) as [MeasureType, ...MeasureType[]];

export const LIGHTS = ['red', 'yellow', 'blue', 'green', 'none'] as const;
export type Light = (typeof LIGHTS)[number];

/** The general categories besides the checklist items. */
export const GENERAL_CATEGORIES = ['理论学习', '政治素质', '能力本领', '担当作为', '工作作风', '廉洁自律'];

export const PUBLIC_FIELDS = ['title', 'manifestation', 'measures', 'progress', 'status', 'org'] as const;

/** A calendar date typed as YYYY-MM-DD that exists (no 2023-02-30). */
export const ZDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, '日期不存在');

const text = (max: number) => z.string().trim().max(max);

export const ZMeasureInput = z.object({
  text: z.string().trim().min(1, '请填写整改措施').max(2000),
  type: z.enum(MEASURE_TYPE_CODES),
  deadline: ZDate.nullish(),
  ownerName: text(50).optional(),
});
export type TMeasureInput = z.infer<typeof ZMeasureInput>;

export const ZMeasureUpdate = z.object({
  version: ZVersion,
  text: z.string().trim().min(1, '请填写整改措施').max(2000).optional(),
  type: z.enum(MEASURE_TYPE_CODES).optional(),
  deadline: ZDate.nullish(),
  ownerName: text(50).optional(),
  progress: text(2000).optional(),
  done: z.boolean().optional(),
});
export type TMeasureUpdate = z.infer<typeof ZMeasureUpdate>;

const problemFields = {
  title: z.string().trim().min(1, '请填写问题名称').max(200),
  manifestation: text(5000).optional(),
  category: z.string().trim().min(1, '请选择问题类别').max(50),
  checklistItemId: ZId.nullish(),
  source: z.enum(SOURCE_CODES),
  leaderName: text(50).optional(),
  personName: text(50).optional(),
  ownerUserId: ZId.nullish(),
  causeSubjective: text(5000).optional(),
  causeSystemic: text(5000).optional(),
  target: text(2000).optional(),
  deadline: ZDate,
  isPublic: z.boolean().optional(),
  publicFields: z.array(z.enum(PUBLIC_FIELDS)).max(PUBLIC_FIELDS.length).optional(),
};

export const ZProblemCreate = z.object({
  campaignId: ZId,
  orgId: ZId,
  issuingOrgId: ZId.optional(),
  ...problemFields,
  measures: z.array(ZMeasureInput).max(50).optional(),
  /** skip the draft: the problem is open (待整改) at once */
  open: z.boolean().optional(),
});
export type TProblemCreate = z.infer<typeof ZProblemCreate>;

export const ZProblemUpdate = z.object({
  version: ZVersion,
  title: problemFields.title.optional(),
  manifestation: problemFields.manifestation,
  category: problemFields.category.optional(),
  source: problemFields.source.optional(),
  leaderName: problemFields.leaderName,
  personName: problemFields.personName,
  ownerUserId: problemFields.ownerUserId,
  causeSubjective: problemFields.causeSubjective,
  causeSystemic: problemFields.causeSystemic,
  target: problemFields.target,
  deadline: ZDate.optional(),
  resultText: text(5000).optional(),
  isPublic: problemFields.isPublic,
  publicFields: problemFields.publicFields,
});
export type TProblemUpdate = z.infer<typeof ZProblemUpdate>;

export const ZTransition = z.object({
  action: z.enum(PROBLEM_ACTIONS),
  comment: text(2000).optional(),
  version: ZVersion,
  /** request_extension: the deadline asked for */
  newDeadline: ZDate.optional(),
  /** decide_extension: approve or refuse */
  approve: z.boolean().optional(),
});
export type TTransition = z.infer<typeof ZTransition>;

export const ZProblemListQuery = ZPageQuery.extend({
  campaignId: ZId.optional(),
  orgId: ZId.optional(),
  status: z.enum(PROBLEM_STATES).optional(),
  light: z.enum(LIGHTS).optional(),
  source: z.enum(SOURCE_CODES).optional(),
  category: z.string().trim().max(50).optional(),
  groupId: ZId.optional(),
  q: z.string().trim().max(100).optional(),
  deadlineFrom: ZDate.optional(),
  deadlineTo: ZDate.optional(),
  sort: z.enum(['deadline', '-deadline', 'number', '-number', '-updatedAt']).default('number'),
  /** false: the page and its total only, without the per-status and per-light counts (`counts` is null) */
  withCounts: ZBoolQuery.default(true),
});
export type TProblemListQuery = z.infer<typeof ZProblemListQuery>;
export type TProblemFilter = Omit<TProblemListQuery, 'page' | 'pageSize' | 'sort' | 'withCounts'>;

export const ZProblemItem = z.object({
  id: z.number(),
  number: z.string(),
  campaignId: z.number(),
  title: z.string(),
  manifestation: z.string(),
  category: z.string(),
  source: z.string(),
  orgId: z.number(),
  orgName: z.string(),
  issuingOrgId: z.number(),
  leaderName: z.string(),
  personName: z.string(),
  deadline: z.string(),
  status: z.enum(PROBLEM_STATES),
  light: z.enum(LIGHTS),
  isPublic: z.boolean(),
  groupId: z.number().nullable(),
  extensionDeadline: z.string().nullable(),
  measureCount: z.number(),
  measuresDone: z.number(),
  version: z.number(),
  updatedAt: z.string(),
});
export type TProblemItem = z.infer<typeof ZProblemItem>;

export const ZProblemCounts = z.object({
  status: z.record(z.string(), z.number()),
  light: z.record(z.string(), z.number()),
});
export type TProblemCounts = z.infer<typeof ZProblemCounts>;

export const ZProblemList = listOf(ZProblemItem).extend({
  /** per status (ignoring the status and light filters) and per light (within the status filter); null when withCounts=false */
  counts: ZProblemCounts.nullable(),
});

export const ZMeasure = z.object({
  id: z.number(),
  problemId: z.number(),
  seq: z.number(),
  text: z.string(),
  type: z.enum(MEASURE_TYPE_CODES),
  deadline: z.string().nullable(),
  ownerName: z.string(),
  progress: z.string(),
  done: z.boolean(),
  groupId: z.number().nullable(),
  version: z.number(),
});
export type TMeasure = z.infer<typeof ZMeasure>;

export const ZProblemDetail = ZProblemItem.extend({
  campaignCode: z.string(),
  issuingOrgName: z.string(),
  checklistItemId: z.number().nullable(),
  ownerUserId: z.number().nullable(),
  causeSubjective: z.string(),
  causeSystemic: z.string(),
  target: z.string(),
  resultText: z.string(),
  publicFields: z.array(z.string()),
  links: z.array(z.object({ kind: z.string(), id: z.number() })),
  extensionReason: z.string().nullable(),
  signedOffAt: z.string().nullable(),
  signedOffByName: z.string().nullable(),
  signOffOpinion: z.string().nullable(),
  groupTitle: z.string().nullable(),
  measures: z.array(ZMeasure),
  events: z.array(
    z.object({
      id: z.number(),
      at: z.string(),
      actorName: z.string(),
      action: z.string(),
      fromStatus: z.string().nullable(),
      toStatus: z.string().nullable(),
      comment: z.string(),
    }),
  ),
  files: z.array(
    z.object({
      id: z.number(),
      fileName: z.string(),
      contentType: z.string(),
      size: z.number(),
      sha256: z.string(),
      uploadedByName: z.string(),
      createdAt: z.string(),
    }),
  ),
  rules: z.array(z.object({ id: z.number(), title: z.string(), docNumber: z.string() })),
  /** exactly the transitions the caller may take now */
  actions: z.array(z.enum(PROBLEM_ACTIONS)),
  /** whether the caller may edit fields, measures and evidence */
  canEdit: z.boolean(),
});
export type TProblemDetail = z.infer<typeof ZProblemDetail>;

export const ZRollupQuery = z.object({ orgId: ZId.optional(), campaignId: ZId.optional() });
export const ZRollupRow = z.object({
  orgId: z.number(),
  orgName: z.string(),
  childCount: z.number(),
  total: z.number(),
  open: z.number(),
  inProgress: z.number(),
  submitted: z.number(),
  signedOff: z.number(),
  overdue: z.number(),
  signOffRate: z.number(),
  onTimeRate: z.number(),
});
export type TRollupRow = z.infer<typeof ZRollupRow>;
export const ZRollup = z.object({
  org: z.object({ id: z.number(), name: z.string(), parentId: z.number().nullable() }),
  self: ZRollupRow,
  children: z.array(ZRollupRow),
  total: ZRollupRow,
});
