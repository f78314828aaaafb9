import { api, download, type Query } from './client';
import type { ImportResult, Page } from './types';
import type { MessageKey } from '../i18n/zh';

export type ProblemStatus = 'draft' | 'open' | 'in_progress' | 'submitted' | 'signed_off' | 'cancelled';
export type ProblemLight = 'red' | 'yellow' | 'blue' | 'green' | 'none';
export type ProblemAction =
  'open' | 'start' | 'submit' | 'return' | 'sign_off' | 'cancel' | 'request_extension' | 'decide_extension';
export type MeasureType = 'fix_now' | 'by_deadline' | 'lasting';

/** i18n keys (see i18n/problems.zh.ts) of the enum values; render with `t(STATUS_LABEL[s])`. */
export const STATUS_LABEL: Record<ProblemStatus, MessageKey> = {
  draft: 'pb.status.draft',
  open: 'pb.status.open',
  in_progress: 'pb.status.in_progress',
  submitted: 'pb.status.submitted',
  signed_off: 'pb.status.signed_off',
  cancelled: 'pb.status.cancelled',
};
export const LIGHT_LABEL: Record<ProblemLight, MessageKey> = {
  red: 'pb.light.red',
  yellow: 'pb.light.yellow',
  blue: 'pb.light.blue',
  green: 'pb.light.green',
  none: 'pb.light.none',
};
export const LIGHT_COLOR: Record<ProblemLight, string> = {
  red: 'red',
  yellow: 'gold',
  blue: 'blue',
  green: 'green',
  none: 'default',
};
export const SOURCE_LABEL: Record<string, MessageKey> = {
  self: 'pb.source.self',
  supervision: 'pb.source.supervision',
  public: 'pb.source.public',
  inspection: 'pb.source.inspection',
  audit: 'pb.source.audit',
  superior: 'pb.source.superior',
  peer: 'pb.source.peer',
  research: 'pb.source.research',
};
export const MEASURE_LABEL: Record<MeasureType, MessageKey> = {
  fix_now: 'pb.measure.fix_now',
  by_deadline: 'pb.measure.by_deadline',
  lasting: 'pb.measure.lasting',
};
export const ACTION_LABEL: Record<ProblemAction, MessageKey> = {
  open: 'pb.action.open',
  start: 'pb.action.start',
  submit: 'pb.action.submit',
  return: 'pb.action.return',
  sign_off: 'pb.action.sign_off',
  cancel: 'pb.action.cancel',
  request_extension: 'pb.action.request_extension',
  decide_extension: 'pb.action.decide_extension',
};
/** The stored category names (the data values), each with the i18n key of its label. */
export const CATEGORY_LABEL: Record<string, MessageKey> = {
  理论学习: 'pb.cat.study',
  政治素质: 'pb.cat.political',
  担当作为: 'pb.cat.initiative',
  攻坚克难: 'pb.cat.hardship',
  工作效率: 'pb.cat.efficiency',
  工作韧劲: 'pb.cat.tenacity',
  争先创优: 'pb.cat.excellence',
  改革创新: 'pb.cat.reform',
  为民情怀: 'pb.cat.people',
  廉洁自律: 'pb.cat.integrity',
  能力本领: 'pb.cat.ability',
  工作作风: 'pb.cat.style',
};
export const CATEGORIES = Object.keys(CATEGORY_LABEL);

export interface ProblemItem {
  id: number;
  number: string;
  campaignId: number;
  title: string;
  manifestation: string;
  category: string;
  source: string;
  orgId: number;
  orgName: string;
  leaderName: string;
  personName: string;
  deadline: string;
  status: ProblemStatus;
  light: ProblemLight;
  isPublic: boolean;
  groupId: number | null;
  extensionDeadline: string | null;
  measureCount: number;
  measuresDone: number;
  version: number;
}
export interface ProblemList extends Page<ProblemItem> {
  /** null when asked withCounts=false */
  counts: { status: Record<string, number>; light: Record<string, number> } | null;
}
export interface Measure {
  id: number;
  seq: number;
  text: string;
  type: MeasureType;
  deadline: string | null;
  ownerName: string;
  progress: string;
  done: boolean;
  groupId: number | null;
  version: number;
}
export interface ProblemDetail extends ProblemItem {
  campaignCode: string;
  issuingOrgName: string;
  ownerUserId: number | null;
  causeSubjective: string;
  causeSystemic: string;
  target: string;
  resultText: string;
  extensionReason: string | null;
  signedOffAt: string | null;
  signedOffByName: string | null;
  signOffOpinion: string | null;
  groupTitle: string | null;
  links: { kind: string; id: number }[];
  measures: Measure[];
  events: {
    id: number;
    at: string;
    actorName: string;
    action: string;
    fromStatus: string | null;
    toStatus: string | null;
    comment: string;
  }[];
  files: {
    id: number;
    fileName: string;
    size: number;
    contentType: string;
    uploadedByName: string;
    createdAt: string;
  }[];
  rules: { id: number; title: string; docNumber: string }[];
  actions: ProblemAction[];
  canEdit: boolean;
}
export interface ProblemCreate {
  campaignId: number;
  orgId: number;
  title: string;
  manifestation?: string;
  category: string;
  source: string;
  deadline: string;
  leaderName?: string;
  personName?: string;
  target?: string;
  causeSubjective?: string;
  causeSystemic?: string;
  open?: boolean;
}
export interface RollupRow {
  orgId: number;
  orgName: string;
  childCount: number;
  total: number;
  open: number;
  inProgress: number;
  submitted: number;
  signedOff: number;
  overdue: number;
  signOffRate: number;
  onTimeRate: number;
}
export interface Rollup {
  org: { id: number; name: string; parentId: number | null };
  self: RollupRow;
  children: RollupRow[];
  total: RollupRow;
}
export interface Rule {
  id: number;
  orgId: number;
  orgName: string;
  title: string;
  issuedOn: string | null;
  docNumber: string;
  body: string;
  fileName: string | null;
  problemCount: number;
  version: number;
}
export interface GroupDetail extends Group {
  units: { orgId: number; orgName: string; count: number }[];
  problems: { id: number; number: string; title: string; orgName: string; status: ProblemStatus }[];
}
export interface LedgerSettings {
  campaignId: number;
  warnDays: number;
  reportDays: number;
  version: number;
  canManage: boolean;
}
export interface ChecklistItem {
  title: string;
  detail: string | null;
}
export interface Group {
  id: number;
  orgName: string;
  title: string;
  description: string;
  problemCount: number;
  unitCount: number;
}
export interface Round {
  id: number;
  campaignId: number;
  orgId: number;
  orgName: string;
  kind: string;
  title: string;
  status: string;
  participants: number;
  submitted: number;
}
export interface Answer {
  id: number;
  userId: number;
  userName: string;
  itemId: number;
  gap: string;
  manifestation: string;
  isProblem: boolean;
  problemId: number | null;
  status: string;
  returnComment: string | null;
}
export interface RoundDetail extends Round {
  items: { id: number; seq: number; title: string; detail: string }[];
  mine: Answer[];
  answers: Answer[];
  canAnswer: boolean;
  canManage: boolean;
}

export const problemApi = {
  list: (q: Query) => api.get<ProblemList>('/api/v1/problems', q),
  get: (id: number) => api.get<ProblemDetail>(`/api/v1/problems/${id}`),
  create: (body: ProblemCreate) => api.post<ProblemDetail>('/api/v1/problems', body),
  update: (id: number, body: Record<string, unknown>) =>
    api.patch<ProblemDetail>(`/api/v1/problems/${id}`, body),
  transition: (
    id: number,
    body: {
      action: ProblemAction;
      version: number;
      comment?: string;
      newDeadline?: string;
      approve?: boolean;
    },
  ) => api.post<ProblemDetail>(`/api/v1/problems/${id}/transitions`, body),
  addMeasure: (
    id: number,
    body: { text: string; type: MeasureType; deadline?: string; ownerName?: string },
  ) => api.post<ProblemDetail>(`/api/v1/problems/${id}/measures`, body),
  updateMeasure: (id: number, body: Record<string, unknown>) =>
    api.patch<ProblemDetail>(`/api/v1/problem-measures/${id}`, body),
  upload: (id: number, file: File) => api.upload<{ id: number }>(`/api/v1/problems/${id}/files`, file),
  downloadFile: (id: number, name: string) => download(`/api/v1/problem-files/${id}`, undefined, name),
  rollup: (q: Query) => api.get<Rollup>('/api/v1/problems/rollup', q),
  exportXlsx: (q: Query) => download('/api/v1/problems/export.xlsx', q, '整改台账.xlsx'),
  importPreview: (file: File) => api.upload<ImportResult>('/api/v1/problems/import/preview', file),
  importCommit: (file: File) => api.upload<ImportResult>('/api/v1/problems/import', file),
  rules: (q: Query) => api.get<Page<Rule>>('/api/v1/rules', q),
  createRule: (body: Record<string, unknown>) => api.post<Rule>('/api/v1/rules', body),
  uploadRuleFile: (id: number, file: File) =>
    api.upload<{ fileName: string }>(`/api/v1/rules/${id}/file`, file),
  downloadRuleFile: (id: number, name: string) => download(`/api/v1/rules/${id}/file`, undefined, name),
  linkRule: (id: number, body: { version: number; problemIds: number[] }) =>
    api.post<Rule>(`/api/v1/rules/${id}/links`, body),
  groups: () => api.get<Page<Group>>('/api/v1/problem-groups'),
  group: (id: number) => api.get<GroupDetail>(`/api/v1/problem-groups/${id}`),
  createGroup: (body: {
    campaignId: number;
    orgId: number;
    title: string;
    description?: string;
    problemIds: number[];
  }) => api.post<GroupDetail>('/api/v1/problem-groups', body),
  groupMeasure: (
    id: number,
    body: { text: string; type: MeasureType; deadline?: string; ownerName?: string },
  ) => api.post<{ count: number }>(`/api/v1/problem-groups/${id}/measures`, body),
  createRound: (body: { campaignId: number; orgId: number; kind: 'team' | 'individual'; title: string }) =>
    api.post<RoundDetail>('/api/v1/inspection-rounds', body),
  checklist: (campaignId: number) =>
    api.get<{ items: ChecklistItem[] }>(`/api/v1/campaigns/${campaignId}/checklist`),
  putChecklist: (campaignId: number, items: { title: string; detail: string }[]) =>
    api.put<{ items: ChecklistItem[] }>(`/api/v1/campaigns/${campaignId}/checklist`, { items }),
  ledgerSettings: (campaignId: number) =>
    api.get<LedgerSettings>(`/api/v1/campaigns/${campaignId}/ledger-settings`),
  putLedgerSettings: (campaignId: number, body: { warnDays: number; reportDays: number; version: number }) =>
    api.put<LedgerSettings>(`/api/v1/campaigns/${campaignId}/ledger-settings`, body),
  rounds: () => api.get<Page<Round>>('/api/v1/inspection-rounds'),
  progress: () =>
    api.get<{
      org: { id: number; name: string };
      rows: { orgId: number; orgName: string; rounds: number; participants: number; submitted: number }[];
    }>('/api/v1/inspection-rounds/progress'),
  round: (id: number) => api.get<RoundDetail>(`/api/v1/inspection-rounds/${id}`),
  saveAnswers: (
    id: number,
    body: {
      answers: { itemId: number; gap: string; manifestation: string; isProblem: boolean }[];
      submit: boolean;
    },
  ) => api.post<RoundDetail>(`/api/v1/inspection-rounds/${id}/answers`, body),
  returnAnswer: (id: number, comment: string) =>
    api.post<RoundDetail>(`/api/v1/inspection-answers/${id}/return`, { comment }),
};
