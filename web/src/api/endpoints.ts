import { api, download } from './client';
import type {
  AuditEvent,
  AuditQuery,
  AuditVerify,
  Campaign,
  CampaignDetail,
  CampaignWrite,
  Grant,
  GrantCreate,
  ImportResult,
  Locale,
  LoginResponse,
  Me,
  Meta,
  Ok,
  Org,
  OrgCategory,
  OrgCreate,
  OrgDetail,
  OrgKind,
  OrgListQuery,
  OrgUpdate,
  Page,
  PageQuery,
  Person,
  PersonInput,
  PersonQuery,
  Role,
  SecuritySettings,
  SupervisionGroup,
  User,
  UserCreate,
  UserQuery,
  UserUpdate,
} from './types';

type Q = Record<string, string | number | boolean | undefined>;
const q = <T extends object>(query: T): Q => ({ ...query }) as Q;

export const authApi = {
  meta: () => api.get<Meta>('/api/v1/meta'),
  me: () => api.get<Me>('/api/v1/auth/me'),
  login: (username: string, password: string) =>
    api.post<LoginResponse>('/api/v1/auth/login', { username, password }),
  logout: () => api.post<Ok>('/api/v1/auth/logout'),
  updateMe: (body: { displayName?: string; locale?: Locale }) => api.patch<Me>('/api/v1/auth/me', body),
  changePassword: (currentPassword: string, newPassword: string) =>
    api.post<Ok>('/api/v1/auth/password', { currentPassword, newPassword }),
};

export const orgApi = {
  list: (query: OrgListQuery) => api.get<Page<Org>>('/api/v1/orgs', q(query)),
  roots: () => api.get<Org[]>('/api/v1/orgs/roots'),
  get: (id: number) => api.get<OrgDetail>(`/api/v1/orgs/${id}`),
  children: (id: number, query: PageQuery = {}) =>
    api.get<Page<Org>>(`/api/v1/orgs/${id}/children`, q({ pageSize: 200, ...query })),
  create: (body: OrgCreate) => api.post<Org>('/api/v1/orgs', body),
  update: (id: number, body: OrgUpdate) => api.patch<Org>(`/api/v1/orgs/${id}`, body),
  move: (id: number, version: number, parentId: number) =>
    api.post<Org>(`/api/v1/orgs/${id}/move`, { version, parentId }),
  close: (id: number, version: number, reason?: string) =>
    api.post<Org>(`/api/v1/orgs/${id}/close`, { version, reason }),
  reopen: (id: number, version: number, reason?: string) =>
    api.post<Org>(`/api/v1/orgs/${id}/reopen`, { version, reason }),
  kinds: () => api.get<OrgKind[]>('/api/v1/org-kinds'),
  categories: () => api.get<OrgCategory[]>('/api/v1/org-categories'),
  exportXlsx: (rootId: number) => download('/api/v1/orgs/export', { rootId }, 'orgs.xlsx'),
  importPreview: (file: File) => api.upload<ImportResult>('/api/v1/orgs/import/preview', file),
  importCommit: (file: File) => api.upload<ImportResult>('/api/v1/orgs/import', file),
};

export const peopleApi = {
  list: (query: PersonQuery) => api.get<Page<Person>>('/api/v1/people', q(query)),
  get: (id: number) => api.get<Person>(`/api/v1/people/${id}`),
  create: (body: PersonInput) => api.post<Person>('/api/v1/people', body),
  update: (id: number, body: Partial<PersonInput> & { version: number }) =>
    api.patch<Person>(`/api/v1/people/${id}`, body),
  deactivate: (id: number, version: number, reason?: string) =>
    api.post<Person>(`/api/v1/people/${id}/deactivate`, { version, reason }),
  /** the people of an org's subtree (the caller's whole scope without orgId) */
  exportXlsx: (orgId?: number) => download('/api/v1/people/export', { orgId }, 'people.xlsx'),
  importPreview: (file: File) => api.upload<ImportResult>('/api/v1/people/import/preview', file),
  importCommit: (file: File) => api.upload<ImportResult>('/api/v1/people/import', file),
};

export const userApi = {
  list: (query: UserQuery) => api.get<Page<User>>('/api/v1/users', q(query)),
  create: (body: UserCreate) => api.post<User>('/api/v1/users', body),
  update: (id: number, body: UserUpdate) => api.patch<User>(`/api/v1/users/${id}`, body),
  resetPassword: (id: number, password: string) =>
    api.post<User>(`/api/v1/users/${id}/reset-password`, { password }),
  unlock: (id: number) => api.post<User>(`/api/v1/users/${id}/unlock`),
};

export const grantApi = {
  roles: () => api.get<Role[]>('/api/v1/roles'),
  list: (query: PageQuery & { userId?: number; orgId?: number }) =>
    api.get<Page<Grant>>('/api/v1/grants', q(query)),
  create: (body: GrantCreate) => api.post<Grant>('/api/v1/grants', body),
  remove: (id: number) => api.del<Ok>(`/api/v1/grants/${id}`),
  groups: () => api.get<SupervisionGroup[]>('/api/v1/supervision-groups'),
};

export const settingsApi = {
  getSecurity: () => api.get<SecuritySettings>('/api/v1/settings/security'),
  putSecurity: (body: SecuritySettings) => api.put<SecuritySettings>('/api/v1/settings/security', body),
};

export const auditApi = {
  list: (query: AuditQuery) => api.get<Page<AuditEvent>>('/api/v1/audit', q(query)),
  verify: () => api.get<AuditVerify>('/api/v1/audit/verify'),
};

export const campaignApi = {
  list: () => api.get<Page<Campaign>>('/api/v1/campaigns'),
  get: (id: number) => api.get<CampaignDetail>(`/api/v1/campaigns/${id}`),
  create: (body: CampaignWrite & { code: string; issuingOrgId: number; items: [] }) =>
    api.post<{ id: number; version: number }>('/api/v1/campaigns', body),
  update: (id: number, body: Partial<CampaignWrite> & { version: number }) =>
    api.patch<{ id: number; version: number }>(`/api/v1/campaigns/${id}`, body),
};
