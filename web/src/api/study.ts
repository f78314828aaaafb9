import { api, download } from './client';
import type { Page } from './types';

type Q = Record<string, string | number | boolean | undefined>;

export type StudyKind = 'central' | 'seminar' | 'branch' | 'lecture';
export const STUDY_KINDS: StudyKind[] = ['central', 'seminar', 'branch', 'lecture'];
export type AttendanceStatus = 'present' | 'absent' | 'leave';

export interface StudySession {
  id: number;
  orgId: number;
  orgName: string;
  campaignId: number;
  title: string;
  kind: StudyKind;
  heldOn: string;
  place: string;
  summary: string;
  organizer: string;
  counts: Record<AttendanceStatus, number>;
  version: number;
}
export interface AttendanceRow {
  personId: number;
  status: AttendanceStatus;
  reason?: string;
}
export interface StudySessionDetail extends StudySession {
  attendance: (AttendanceRow & { name: string; reason: string })[];
  canRecord: boolean;
}
export interface StudySessionWrite {
  orgId: number;
  campaignId: number;
  title: string;
  kind: StudyKind;
  heldOn: string;
  place?: string;
  summary?: string;
  organizer?: string;
  attendance: AttendanceRow[];
}
export interface StudyRate {
  orgId: number;
  orgName: string;
  sessions: number;
  present: number;
  absent: number;
  leave: number;
  attendanceRate: number | null;
}

export const studyApi = {
  list: (query: Q) => api.get<Page<StudySession>>('/api/v1/study-sessions', query),
  get: (id: number) => api.get<StudySessionDetail>(`/api/v1/study-sessions/${id}`),
  create: (body: StudySessionWrite) => api.post<StudySessionDetail>('/api/v1/study-sessions', body),
  update: (id: number, body: Partial<StudySessionWrite> & { version: number }) =>
    api.patch<StudySessionDetail>(`/api/v1/study-sessions/${id}`, body),
  rates: (query: Q) =>
    api.get<{ org: StudyRate | null; items: StudyRate[]; total: number }>('/api/v1/study-rates', query),
};

export type ResearchStatus = 'planned' | 'in_progress' | 'reported' | 'converted';
export const RESEARCH_STATUSES: ResearchStatus[] = ['planned', 'in_progress', 'reported', 'converted'];

export interface ResearchTopic {
  id: number;
  orgId: number;
  orgName: string;
  campaignId: number;
  directionId: number | null;
  directionTitle: string | null;
  title: string;
  leadPersonId: number | null;
  leadName: string | null;
  status: ResearchStatus;
  findingCount: number;
  convertedCount: number;
  reportedAt: string | null;
  version: number;
}
export interface Finding {
  id: number;
  seq: number;
  text: string;
  conversion: 'problem' | 'rule' | 'measure' | null;
  problemId: number | null;
  problemNumber: string | null;
  ruleId: number | null;
  measure: string;
  convertedAt: string | null;
}
export interface ResearchDetail extends ResearchTopic {
  plan: string;
  report: string;
  reportFileName: string | null;
  convertedAt: string | null;
  findings: Finding[];
  canManage: boolean;
}
export interface ResearchCreate {
  orgId: number;
  campaignId: number;
  directionId?: number | null;
  title: string;
  leadPersonId?: number | null;
  plan?: string;
}
export type Conversion =
  | { kind: 'problem'; title?: string; category: string; deadline: string }
  | { kind: 'rule'; title: string; body?: string }
  | { kind: 'measure'; measure: string };

export const researchApi = {
  list: (query: Q) => api.get<Page<ResearchTopic>>('/api/v1/research-topics', query),
  get: (id: number) => api.get<ResearchDetail>(`/api/v1/research-topics/${id}`),
  create: (body: ResearchCreate) => api.post<ResearchDetail>('/api/v1/research-topics', body),
  update: (
    id: number,
    body: { version: number; title?: string; plan?: string; report?: string; directionId?: number | null },
  ) => api.patch<ResearchDetail>(`/api/v1/research-topics/${id}`, body),
  transition: (id: number, body: { version: number; action: 'start' | 'report' }) =>
    api.post<ResearchDetail>(`/api/v1/research-topics/${id}/transitions`, body),
  addFinding: (id: number, text: string) =>
    api.post<ResearchDetail>(`/api/v1/research-topics/${id}/findings`, { text }),
  uploadReport: (id: number, file: File) =>
    api.upload<{ fileName: string; version: number }>(`/api/v1/research-topics/${id}/report-file`, file),
  downloadReport: (id: number, name: string) =>
    download(`/api/v1/research-topics/${id}/report-file`, undefined, name),
  convert: (findingId: number, body: Conversion) =>
    api.post<ResearchDetail>(`/api/v1/research-findings/${findingId}/convert`, body),
};
