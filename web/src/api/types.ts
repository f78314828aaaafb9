/** Request and response shapes of the HTTP API (docs/api.md; server/src/modules/<m>/<m>.schemas.ts). */

export type Locale = 'zh-CN' | 'en-US';

export interface Page<T> {
  items: T[];
  total: number;
}

export interface PageQuery {
  page?: number;
  pageSize?: number;
}

export interface OrgRef {
  orgId: number;
  orgName: string;
}

export interface Me {
  id: number;
  username: string;
  displayName: string;
  orgId: number | null;
  orgName: string | null;
  locale: Locale;
  mustChangePassword: boolean;
  grants: (OrgRef & { grantId: number; roleCode: string; roleName: string })[];
  supervised: (OrgRef & { groupId: number; groupName: string })[];
  abilities: string[];
  scopeRoots: OrgRef[];
}

export interface Meta {
  demo: boolean;
  version: string;
}

export interface LoginResponse {
  user: Me;
  csrfToken: string;
}

export interface Ok {
  ok: true;
}

// ---- orgs ----

export interface OrgAncestor {
  id: number;
  name: string;
}

export interface Org {
  id: number;
  parentId: number | null;
  name: string;
  shortName: string | null;
  kind: string;
  categoryId: number | null;
  categoryName: string | null;
  path: string;
  depth: number;
  sortOrder: number;
  active: boolean;
  childCount: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface OrgDetail extends Org {
  ancestors: OrgAncestor[];
}

export interface OrgListQuery extends PageQuery {
  q?: string;
  parentId?: number;
  kind?: string;
  categoryId?: number;
  active?: boolean;
}

export interface OrgCreate {
  parentId: number;
  name: string;
  shortName?: string | null;
  kind: string;
  categoryId?: number | null;
  sortOrder?: number;
}

export interface OrgUpdate {
  version: number;
  name?: string;
  shortName?: string | null;
  kind?: string;
  categoryId?: number | null;
  sortOrder?: number;
}

export interface OrgKind {
  code: string;
  name: string;
  nameEn: string;
}

export interface OrgCategory {
  id: number;
  code: string;
  name: string;
  level: string;
  sector: string;
}

export interface ImportRowError {
  row: number;
  column: string;
  message: string;
}

export interface ImportResult {
  ok: boolean;
  count: number;
  errors: ImportRowError[];
}

// ---- people ----

export const GENDERS = ['男', '女'] as const;
export const POLITICAL_STATUSES = ['中共党员', '中共预备党员', '共青团员', '民主党派', '群众'] as const;
export type Gender = (typeof GENDERS)[number];
export type PoliticalStatus = (typeof POLITICAL_STATUSES)[number];

export interface Person {
  id: number;
  orgId: number;
  orgName: string;
  name: string;
  gender: string;
  position: string | null;
  politicalStatus: string;
  /** masked (138****5678) unless the caller holds person.phone over the person's org */
  phone: string | null;
  phoneMasked: boolean;
  userId: number | null;
  username: string | null;
  active: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface PersonQuery extends PageQuery {
  q?: string;
  orgId?: number;
  subtree?: boolean;
  politicalStatus?: PoliticalStatus;
  active?: boolean;
}

export interface PersonInput {
  orgId: number;
  name: string;
  gender: Gender;
  position?: string | null;
  politicalStatus: PoliticalStatus;
  phone?: string | null;
}

// ---- users, roles, grants ----

export interface User {
  id: number;
  username: string;
  displayName: string;
  orgId: number | null;
  orgName: string | null;
  active: boolean;
  locked: boolean;
  mustChangePassword: boolean;
  lastLoginAt: string | null;
  roles: string[];
  version: number;
}

export interface UserQuery extends PageQuery {
  q?: string;
  active?: boolean;
}

export interface UserCreate {
  username: string;
  displayName: string;
  orgId: number;
  password: string;
}

export interface UserUpdate {
  version: number;
  displayName?: string;
  orgId?: number;
  active?: boolean;
}

export interface Role {
  id: number;
  code: string;
  name: string;
  nameEn: string;
  permissions: string[];
  systemRole: boolean;
}

export interface Grant {
  id: number;
  userId: number;
  username: string;
  displayName: string;
  roleId: number;
  roleCode: string;
  roleName: string;
  orgId: number;
  orgName: string;
  createdAt: string;
}

export interface GrantCreate {
  userId: number;
  roleId: number;
  orgId: number;
}

export interface SupervisionGroup {
  id: number;
  name: string;
  issuer: string;
  active: boolean;
  members: { userId: number; displayName: string; duty: string }[];
  orgs: OrgRef[];
}

// ---- settings ----

export interface SecuritySettings {
  passwordMinLength: number;
  passwordMinClasses: number;
  lockoutThreshold: number;
  lockoutMinutes: number;
  sessionTtlMinutes: number;
  version: number;
}

// ---- audit ----

export interface AuditEvent {
  id: number;
  at: string;
  actorId: number | null;
  actorName: string;
  action: string;
  entityType: string;
  entityId: string | null;
  orgId: number | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
  ip: string | null;
  hash: string;
}

export interface AuditQuery extends PageQuery {
  actor?: string;
  action?: string;
  entityType?: string;
  from?: string;
  to?: string;
}

export interface AuditVerify {
  ok: boolean;
  checked: number;
  brokenAt?: number;
  reason?: string;
}

// ---- campaigns ----

export type CampaignItemKind = 'checklist' | 'direction' | 'key_task';

export interface CampaignItem {
  id: number;
  kind: CampaignItemKind | string;
  seq: number;
  title: string;
  detail: string;
}

export interface CampaignPhase {
  name: string;
  startsOn: string;
  endsOn: string;
}

export interface Campaign {
  id: number;
  code: string;
  name: string;
  issuingOrgId: number;
  issuingOrgName: string;
  generalRequirement: string;
  fundamentalTask: string;
  goals: string[];
  phases: CampaignPhase[];
  startsOn: string | null;
  endsOn: string | null;
  status: string;
  version: number;
}

/** The editable fields of a campaign (POST/PATCH /api/v1/campaigns). */
export interface CampaignWrite {
  name: string;
  generalRequirement: string;
  fundamentalTask: string;
  goals: string[];
  phases: CampaignPhase[];
}

export interface CampaignDetail extends Campaign {
  items: CampaignItem[];
}
