import { api } from './client';
import type { UnitStats } from './opinions';

/** GET /api/v1/dashboard and /dashboard/children (server/src/modules/dashboard/dashboard.schemas.ts). */

export interface Lights {
  red: number;
  yellow: number;
  blue: number;
  green: number;
  none: number;
}

/** The three parts of a subtree's figures; null where the caller may not read that part at the org. */
export interface DashboardParts {
  problems: {
    total: number;
    byStatus: Record<string, Lights & { total: number }>;
    light: Lights;
    /** signed off no later than the deadline */
    onTime: number;
  } | null;
  assignments: { total: number; byStatus: Record<string, number> } | null;
  /** the opinions' 响应率, 解决率, 满意率 (percent, one decimal), as the opinion statistics define them */
  opinions: Omit<UnitStats, 'orgId' | 'orgName' | 'overdue'> | null;
}

export interface DashboardOrg {
  id: number;
  name: string;
  parentId: number | null;
}

export interface Dashboard extends DashboardParts {
  org: DashboardOrg;
  campaignId: number | null;
}

export interface DashboardChild extends DashboardParts {
  org: { id: number; name: string; childCount: number };
}

export interface DashboardChildren {
  org: DashboardOrg;
  campaignId: number | null;
  /** from the top down, only the ones the caller may open */
  ancestors: { id: number; name: string }[];
  children: DashboardChild[];
}

export interface DashboardQuery {
  orgId?: number;
  campaignId?: number;
}

export const dashboardApi = {
  get: (query: DashboardQuery) =>
    api.get<Dashboard>('/api/v1/dashboard', { orgId: query.orgId, campaignId: query.campaignId }),
  children: (query: DashboardQuery) =>
    api.get<DashboardChildren>('/api/v1/dashboard/children', {
      orgId: query.orgId,
      campaignId: query.campaignId,
    }),
};
