import { and, asc, eq, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../app.js';
import { scopeRoots, requireAny } from '../../platform/access/access.js';
import { requireUser } from '../../platform/auth/plugin.js';
import { notFound } from '../../platform/errors.js';
import { listOf, ZIdParams } from '../../platform/schemas.js';
import { orgs } from '../orgs/orgs.table.js';
import { campaignItems, campaigns } from './campaigns.table.js';

const ZCampaign = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  issuingOrgId: z.number(),
  issuingOrgName: z.string(),
  generalRequirement: z.string(),
  fundamentalTask: z.string(),
  goals: z.array(z.string()),
  phases: z.array(z.object({ name: z.string(), startsOn: z.string(), endsOn: z.string() })),
  startsOn: z.string().nullable(),
  endsOn: z.string().nullable(),
  status: z.string(),
  version: z.number(),
});
const ZItem = z.object({
  id: z.number(),
  kind: z.string(),
  seq: z.number(),
  title: z.string(),
  detail: z.string(),
});

export const campaignRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    const select = () =>
      db
        .select({
          id: campaigns.id,
          code: campaigns.code,
          name: campaigns.name,
          issuingOrgId: campaigns.issuingOrgId,
          issuingOrgName: orgs.name,
          generalRequirement: campaigns.generalRequirement,
          fundamentalTask: campaigns.fundamentalTask,
          goals: campaigns.goals,
          phases: campaigns.phases,
          startsOn: campaigns.startsOn,
          endsOn: campaigns.endsOn,
          status: campaigns.status,
          version: campaigns.version,
        })
        .from(campaigns)
        .innerJoin(orgs, eq(orgs.id, campaigns.issuingOrgId));
    // A campaign reaches everyone inside the issuing org's subtree, and everyone whose scope contains it.
    const reaches = (roots: string[]) =>
      roots.length
        ? sql`(${orgs.path} <@ ARRAY[${sql.join(
            roots.map((r) => sql`${r}::ltree`),
            sql`, `,
          )}] or ${orgs.path} @> ARRAY[${sql.join(
            roots.map((r) => sql`${r}::ltree`),
            sql`, `,
          )}])`
        : sql`false`;

    app.get(
      '/api/v1/campaigns',
      { schema: { tags: ['campaigns'], response: { 200: listOf(ZCampaign) } } },
      async (req) => {
        const ctx = requireUser(req);
        requireAny(ctx.actor, 'campaign.read');
        const items = await select()
          .where(reaches(scopeRoots(ctx.actor, 'campaign.read')))
          .orderBy(asc(campaigns.id));
        return { items, total: items.length };
      },
    );
    app.get(
      '/api/v1/campaigns/:id',
      {
        schema: {
          tags: ['campaigns'],
          params: ZIdParams,
          response: { 200: ZCampaign.extend({ items: z.array(ZItem) }) },
        },
      },
      async (req) => {
        const ctx = requireUser(req);
        const [c] = await select().where(
          and(eq(campaigns.id, req.params.id), reaches(scopeRoots(ctx.actor, 'campaign.read'))),
        );
        if (!c) throw notFound();
        const items = await db
          .select({
            id: campaignItems.id,
            kind: campaignItems.kind,
            seq: campaignItems.seq,
            title: campaignItems.title,
            detail: campaignItems.detail,
          })
          .from(campaignItems)
          .where(eq(campaignItems.campaignId, c.id))
          .orderBy(asc(campaignItems.kind), asc(campaignItems.seq));
        return { ...c, items };
      },
    );
  };
