import { z } from 'zod';
import { listOf, ZBoolQuery, ZId, ZPageQuery, ZText, ZVersion } from '../../platform/schemas.js';

export const ZUser = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  orgId: z.number().nullable(),
  orgName: z.string().nullable(),
  active: z.boolean(),
  locked: z.boolean(),
  mustChangePassword: z.boolean(),
  lastLoginAt: z.string().nullable(),
  roles: z.array(z.string()),
  version: z.number(),
});
export const ZUserList = listOf(ZUser);
export const ZUserListQuery = ZPageQuery.extend({
  q: z.string().trim().max(64).optional(),
  active: ZBoolQuery.optional(),
});

export const ZUsername = z
  .string()
  .trim()
  .min(3)
  .max(32)
  .regex(/^[a-zA-Z][a-zA-Z0-9_.-]*$/, '用户名以字母开头，只含字母、数字、下划线、点和连字符');

export const ZUserCreate = z.object({
  username: ZUsername,
  displayName: ZText(64),
  orgId: ZId,
  personId: ZId.nullish(),
  password: z.string().min(1).max(128),
});
export const ZUserUpdate = z.object({
  version: ZVersion,
  displayName: ZText(64).optional(),
  orgId: ZId.optional(),
  active: z.boolean().optional(),
});
export const ZResetPassword = z.object({ password: z.string().min(1).max(128) });

export const ZRole = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  permissions: z.array(z.string()),
  systemRole: z.boolean(),
});

export const ZGrant = z.object({
  id: z.number(),
  userId: z.number(),
  username: z.string(),
  displayName: z.string(),
  roleId: z.number(),
  roleCode: z.string(),
  roleName: z.string(),
  orgId: z.number(),
  orgName: z.string(),
  createdAt: z.string(),
});
export const ZGrantList = listOf(ZGrant);
export const ZGrantListQuery = ZPageQuery.extend({ userId: ZId.optional(), orgId: ZId.optional() });
export const ZGrantCreate = z.object({ userId: ZId, roleId: ZId, orgId: ZId });

export const ZSupervisionGroup = z.object({
  id: z.number(),
  name: z.string(),
  issuer: z.string(),
  active: z.boolean(),
  members: z.array(z.object({ userId: z.number(), displayName: z.string(), duty: z.string() })),
  orgs: z.array(z.object({ orgId: z.number(), orgName: z.string() })),
});
