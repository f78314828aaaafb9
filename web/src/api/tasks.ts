import { api } from './client';
import type { Page } from './types';

export type Light = 'red' | 'yellow' | 'blue' | 'green' | 'done';
export type AssignmentStatus =
  'issued' | 'acknowledged' | 'in_progress' | 'completed' | 'accepted' | 'returned';

export interface Counts {
  total: number;
  issued: number;
  working: number;
  completed: number;
  accepted: number;
  red: number;
  yellow: number;
  blue: number;
}
export interface Task {
  id: number;
  campaignId: number;
  issuingOrgId: number;
  issuingOrgName: string;
  number: string;
  title: string;
  category: string;
  basis: string;
  instructingLeader: string;
  urgency: string;
  requirements: string;
  leadUnit: string;
  coUnits: string;
  supervisor: string;
  deadline: string;
  reportFrequency: string;
  resultForm: string;
  meetingId: number | null;
  issuedAt: string;
  version: number;
  counts: Counts;
}
export interface Assignment {
  id: number;
  taskId: number;
  taskNumber: string;
  taskTitle: string;
  orgId: number;
  orgName: string;
  parentAssignmentId: number | null;
  issuerOrgId: number;
  issuerOrgName: string;
  status: AssignmentStatus;
  light: Light;
  deadline: string;
  issuedAt: string;
  acknowledgedAt: string | null;
  lastReportAt: string | null;
  completedAt: string | null;
  reviewedAt: string | null;
  progress: number;
  completionReport: string | null;
  results: string | null;
  reviewComment: string | null;
  childCount: number;
  version: number;
  canHandle: boolean;
  canReview: boolean;
}
export interface TreeNode extends Assignment {
  subtree: Counts;
}
export interface AssignmentDetail extends Assignment {
  reports: {
    id: number;
    kind: string;
    content: string;
    progress: number | null;
    authorName: string;
    at: string;
  }[];
  extensions: {
    id: number;
    reason: string;
    requestedDeadline: string;
    status: string;
    decisionComment: string | null;
    createdAt: string;
  }[];
  ancestors: { id: number; orgName: string; status: string }[];
}
export interface Home {
  toAcknowledge: Assignment[];
  toReport: Assignment[];
  toReview: Assignment[];
  pendingExtensions: number;
  progress: Counts;
  overdue: Assignment[];
  upcoming: Assignment[];
  unread: number;
}
export type Targets =
  { mode: 'orgs'; orgIds: number[] } | { mode: 'children' } | { mode: 'category'; categoryId: number };
export interface TaskCreate {
  campaignId: number;
  issuingOrgId: number;
  title: string;
  deadline: string;
  reportFrequency: string;
  urgency?: string;
  category?: string;
  requirements?: string;
  basis?: string;
  resultForm?: string;
  number?: string;
  instructingLeader?: string;
  leadUnit?: string;
  coUnits?: string;
  supervisor?: string;
  targets: Targets;
}
export interface Venue {
  id: number;
  orgId: number;
  orgName: string;
  kind: string;
  place: string;
  expected: number | null;
  present: number | null;
  absenceNote: string | null;
  recordedAt: string | null;
  version: number;
  canRecord: boolean;
}
export interface Meeting {
  id: number;
  campaignId: number;
  organizerOrgId: number;
  organizerOrgName: string;
  title: string;
  startsAt: string;
  attendeeScope: string;
  agenda: string;
  videoLink: string | null;
  minutes: string;
  status: string;
  version: number;
  venueCount: number;
}
export interface MeetingDetail extends Meeting {
  venues: Venue[];
  decisions: { id: number; content: string; taskId: number | null }[];
  canManage: boolean;
}
export interface InboxItem {
  id: number;
  kind: string;
  title: string;
  body: string;
  link: string;
  readAt: string | null;
  createdAt: string;
}

type Q = Record<string, string | number | boolean | undefined>;

export const taskApi = {
  home: (campaignId?: number) => api.get<Home>('/api/v1/home', { campaignId }),
  list: (query: Q) => api.get<Page<Task>>('/api/v1/tasks', query),
  get: (id: number) => api.get<Task>(`/api/v1/tasks/${id}`),
  create: (body: TaskCreate) => api.post<Task>('/api/v1/tasks', body),
  tree: (id: number, parentId?: number) => api.get<TreeNode[]>(`/api/v1/tasks/${id}/tree`, { parentId }),
  assignments: (query: Q) => api.get<Page<Assignment>>('/api/v1/assignments', query),
  assignment: (id: number) => api.get<AssignmentDetail>(`/api/v1/assignments/${id}`),
  act: (id: number, action: string, body: object) =>
    api.post<Assignment>(`/api/v1/assignments/${id}/${action}`, body),
  decideExtension: (id: number, decision: 'approve' | 'reject', comment?: string) =>
    api.post<AssignmentDetail>(`/api/v1/extension-requests/${id}/decide`, { decision, comment }),
};

export interface MeetingCreate {
  campaignId: number;
  organizerOrgId: number;
  title: string;
  startsAt: string;
  attendeeScope?: string;
  agenda?: string;
  videoLink?: string | null;
  place?: string;
  subVenues: 'children' | number[];
}

export const meetingApi = {
  list: (query: Q) => api.get<Page<Meeting>>('/api/v1/meetings', query),
  create: (body: MeetingCreate) => api.post<MeetingDetail>('/api/v1/meetings', body),
  decide: (id: number, body: { content: string; task?: Omit<TaskCreate, 'campaignId' | 'issuingOrgId'> }) =>
    api.post<MeetingDetail>(`/api/v1/meetings/${id}/decisions`, body),
  get: (id: number) => api.get<MeetingDetail>(`/api/v1/meetings/${id}`),
  attendance: (
    venueId: number,
    body: { version: number; expected: number; present: number; absenceNote?: string },
  ) => api.post<MeetingDetail>(`/api/v1/meeting-venues/${venueId}/attendance`, body),
  update: (id: number, body: { version: number; minutes?: string; status?: string }) =>
    api.patch<MeetingDetail>(`/api/v1/meetings/${id}`, body),
};

export const inboxApi = {
  list: (query: Q) => api.get<Page<InboxItem>>('/api/v1/inbox', query),
  unread: () => api.get<{ unread: number }>('/api/v1/inbox/unread-count'),
  read: (ids: number[]) => api.post<{ unread: number }>('/api/v1/inbox/read', { ids }),
};

export const LIGHT_COLOR: Record<Light, string> = {
  red: 'red',
  yellow: 'gold',
  blue: 'blue',
  green: 'green',
  done: 'default',
};
