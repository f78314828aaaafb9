import { z } from 'zod';
import { ZId } from '../../platform/schemas.js';
import { ZUnitStats } from '../opinions/opinions.schemas.js';

export const ZDashboardQuery = z.object({ orgId: ZId.optional(), campaignId: ZId.optional() });

const ZLights = z.object({
  red: z.number(),
  yellow: z.number(),
  blue: z.number(),
  green: z.number(),
  none: z.number(),
});

/** The three parts of a subtree's figures; each is null when the caller may not read it at that org. */
const ZParts = z.object({
  /** problems of the subtree: per status with its lights, lights overall, signed off on time */
  problems: z
    .object({
      total: z.number(),
      byStatus: z.record(z.string(), ZLights.extend({ total: z.number() })),
      light: ZLights,
      onTime: z.number(),
    })
    .nullable(),
  /** assignments at the subtree's units, per status */
  assignments: z.object({ total: z.number(), byStatus: z.record(z.string(), z.number()) }).nullable(),
  /** the opinions' three rates (%), as the opinions module's statistics define them */
  opinions: ZUnitStats.omit({ orgId: true, orgName: true, overdue: true }).nullable(),
});
export type TDashboardParts = z.infer<typeof ZParts>;

export const ZDashboard = z.object({
  org: z.object({ id: z.number(), name: z.string(), parentId: z.number().nullable() }),
  campaignId: z.number().nullable(),
  ...ZParts.shape,
});
export type TDashboard = z.infer<typeof ZDashboard>;

/** The same figures for each active direct child, and the way up for a breadcrumb. */
export const ZDashboardChildren = z.object({
  org: z.object({ id: z.number(), name: z.string(), parentId: z.number().nullable() }),
  campaignId: z.number().nullable(),
  /** the org's ancestors from the top down, only those whose dashboard the caller may open */
  ancestors: z.array(z.object({ id: z.number(), name: z.string() })),
  children: z.array(
    z.object({
      org: z.object({ id: z.number(), name: z.string(), childCount: z.number() }),
      ...ZParts.shape,
    }),
  ),
});
export type TDashboardChildren = z.infer<typeof ZDashboardChildren>;
