import { api } from './client';
import type { Deed } from './public';

export type Light = 'red' | 'yellow' | 'blue' | 'green' | 'none';
export interface OpinionItem {
  id: number;
  code: string;
  category: string;
  orgId: number | null;
  orgName: string | null;
  status: string;
  statusLabel: string;
  text: string;
  submittedAt: string;
  signDeadline: string;
  answerDeadline: string;
  light: Light;
  reopenCount: number;
  unreasonable: boolean;
  hidden: boolean;
  rating: string | null;
  version: number;
}
export interface OpinionDetail extends OpinionItem {
  submitterName: string | null;
  submitterPhone: string | null;
  agreePublic: boolean;
  answer: string | null;
  answeredAt: string | null;
  answeredByName: string | null;
  answerPublished: boolean;
  ratingComment: string | null;
  returnReason: string | null;
  unreasonableReason: string | null;
  hiddenReason: string | null;
  problemId: number | null;
  mergedCount: number;
  pictureIds: number[];
  actions: string[];
  events: { at: string; actorName: string; action: string; toStatus: string | null; comment: string }[];
}
export interface UnitStats {
  orgId: number;
  orgName: string;
  received: number;
  signedOnTime: number;
  answered: number;
  resolved: number;
  rated: number;
  satisfied: number;
  overdue: number;
  excluded: number;
  responseRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
}

export const LIGHT_COLOR: Record<Light, string> = {
  red: 'red',
  yellow: 'gold',
  blue: 'blue',
  green: 'green',
  none: 'default',
};
export const opinionApi = {
  list: (q: Record<string, string | number | undefined>) =>
    api.get<{ items: OpinionItem[]; total: number }>('/api/v1/opinions', q),
  get: (id: number) => api.get<OpinionDetail>(`/api/v1/opinions/${id}`),
  act: (id: number, action: string, body: Record<string, unknown>) =>
    api.post<OpinionDetail>(`/api/v1/opinions/${id}/${action}`, body),
  stats: (parentId?: number) => api.get<UnitStats[]>('/api/v1/opinion-stats', { parentId }),
};

export const deedApi = {
  list: (q: Record<string, string | number | undefined>) =>
    api.get<{ items: Deed[]; total: number }>('/api/v1/deeds', q),
  create: (body: Record<string, unknown>) => api.post<Deed>('/api/v1/deeds', body),
  progress: (id: number, body: Record<string, unknown>) =>
    api.post<Deed>(`/api/v1/deeds/${id}/progress`, body),
  complete: (id: number, version: number) => api.post<Deed>(`/api/v1/deeds/${id}/complete`, { version }),
};
