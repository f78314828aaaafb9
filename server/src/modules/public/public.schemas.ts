import { z } from 'zod';
import { listOf, ZId, ZPageQuery } from '../../platform/schemas.js';

export const ZPublicPage = ZPageQuery.extend({ orgId: ZId.optional() });

/** A published rectification item: only the fields its publisher chose; the rest are null. */
export const ZPublicProblem = z.object({
  id: z.number(),
  number: z.string(),
  title: z.string().nullable(),
  manifestation: z.string().nullable(),
  orgName: z.string().nullable(),
  status: z.string().nullable(),
  progress: z.string().nullable(),
  measures: z.array(z.object({ text: z.string(), type: z.string(), done: z.boolean() })).nullable(),
});
export const ZPublicProblemList = listOf(ZPublicProblem);

export const ZPublicStats = z.object({
  orgId: z.number(),
  orgName: z.string(),
  publishedItems: z.number(),
  signedOff: z.number(),
  opinionsReceived: z.number(),
  responseRate: z.number().nullable(),
  resolutionRate: z.number().nullable(),
  satisfactionRate: z.number().nullable(),
  deeds: z.number(),
  deedProgress: z.number().nullable(),
});

export const ZPublicUnit = z.object({ id: z.number(), name: z.string(), parentId: z.number().nullable() });
export const ZUnitQuery = z.object({
  parentId: ZId.optional(),
  q: z.string().trim().max(30, '搜索词不能超过30个字').optional(),
});
