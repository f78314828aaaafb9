import { z } from 'zod';
import { listOf, ZBoolQuery, ZId, ZOptText, ZPageQuery, ZText, ZVersion } from '../../platform/schemas.js';
import { ORG_KIND_CODES } from './orgs.kinds.js';

export const ZOrg = z.object({
  id: z.number(),
  parentId: z.number().nullable(),
  name: z.string(),
  shortName: z.string().nullable(),
  kind: z.string(),
  categoryId: z.number().nullable(),
  categoryName: z.string().nullable(),
  path: z.string(),
  depth: z.number(),
  sortOrder: z.number(),
  active: z.boolean(),
  childCount: z.number(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TOrg = z.infer<typeof ZOrg>;

export const ZOrgDetail = ZOrg.extend({
  ancestors: z.array(z.object({ id: z.number(), name: z.string() })),
});

export const ZOrgList = listOf(ZOrg);

export const ZOrgListQuery = ZPageQuery.extend({
  q: z.string().trim().max(100).optional(),
  parentId: ZId.optional(),
  kind: z.enum(ORG_KIND_CODES).optional(),
  categoryId: ZId.optional(),
  active: ZBoolQuery.optional(),
});
export type TOrgListQuery = z.infer<typeof ZOrgListQuery>;

export const ZOrgCreate = z.object({
  parentId: ZId,
  name: ZText(100),
  shortName: ZOptText(50),
  kind: z.enum(ORG_KIND_CODES),
  categoryId: ZId.nullish(),
  sortOrder: z.number().int().min(0).max(1_000_000).optional(),
});
export type TOrgCreate = z.infer<typeof ZOrgCreate>;

export const ZOrgUpdate = z.object({
  version: ZVersion,
  name: ZText(100).optional(),
  shortName: ZOptText(50).optional(),
  kind: z.enum(ORG_KIND_CODES).optional(),
  categoryId: ZId.nullish(),
  sortOrder: z.number().int().min(0).max(1_000_000).optional(),
});
export type TOrgUpdate = z.infer<typeof ZOrgUpdate>;

export const ZOrgMove = z.object({ version: ZVersion, parentId: ZId });
export const ZOrgClose = z.object({ version: ZVersion, reason: ZOptText(500) });

export const ZOrgKind = z.object({ code: z.string(), name: z.string(), nameEn: z.string() });
export const ZOrgCategory = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  level: z.string(),
  sector: z.string(),
});
