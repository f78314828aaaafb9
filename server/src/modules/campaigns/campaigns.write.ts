import { and, eq, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../app.js';
import type { Db } from '../../db/client.js';
import { requireAt, requireVisible, scopeSql } from '../../platform/access/access.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { requireUser } from '../../platform/auth/plugin.js';
import type { Ctx } from '../../platform/context.js';
import { AppError, duplicate, versionConflict } from '../../platform/errors.js';
import { ZId, ZIdParams, ZOptText, ZText, ZVersion } from '../../platform/schemas.js';
import { orgs } from '../orgs/orgs.table.js';
import { campaignItems, campaigns } from './campaigns.table.js';

const ZDay = z.iso.date({ error: '请输入有效日期（YYYY-MM-DD）' });
const ZPhase = z
  .object({ name: ZText(50), startsOn: ZDay, endsOn: ZDay })
  .refine((p) => p.endsOn >= p.startsOn, { message: '结束日期不能早于开始日期', path: ['endsOn'] });
const ZItemIn = z.object({
  kind: z.enum(['checklist', 'direction', 'key_task', 'indicator']),
  title: ZText(200),
  detail: ZOptText(2000),
});
const fields = {
  name: ZText(200),
  generalRequirement: ZOptText(500),
  fundamentalTask: ZOptText(500),
  goals: z.array(ZText(200)).max(30),
  phases: z.array(ZPhase).max(12),
  items: z.array(ZItemIn).max(500),
};
const ZCampaignCreate = z.object({ code: ZText(30), issuingOrgId: ZId, ...fields });
const ZCampaignUpdate = z.object({ version: ZVersion, ...z.object(fields).partial().shape });
type TCampaignCreate = z.infer<typeof ZCampaignCreate>;
type TCampaignUpdate = z.infer<typeof ZCampaignUpdate>;
const ZSaved = z.object({ id: z.number(), version: z.number() });

const span = (phases: { startsOn: string; endsOn: string }[]) => ({
  startsOn: phases.length ? phases.map((p) => p.startsOn).sort()[0] : null,
  endsOn: phases.length
    ? phases
        .map((p) => p.endsOn)
        .sort()
        .at(-1)!
    : null,
});

async function writeItems(
  tx: Parameters<Parameters<Db['transaction']>[0]>[0],
  id: number,
  items: TCampaignCreate['items'],
) {
  await tx.delete(campaignItems).where(eq(campaignItems.campaignId, id));
  const seq = new Map<string, number>();
  if (items.length)
    await tx.insert(campaignItems).values(
      items.map((i) => {
        seq.set(i.kind, (seq.get(i.kind) ?? 0) + 1);
        return {
          campaignId: id,
          kind: i.kind,
          seq: seq.get(i.kind)!,
          title: i.title,
          detail: i.detail ?? '',
        };
      }),
    );
}

export const createCampaign = (db: Db, ctx: Ctx, input: TCampaignCreate) =>
  db.transaction(async (tx) => {
    const [org] = await tx
      .select({ id: orgs.id, path: orgs.path })
      .from(orgs)
      .where(and(eq(orgs.id, input.issuingOrgId), scopeSql(ctx.actor, 'campaign.read', orgs.path)));
    if (!org)
      throw new AppError('NOT_FOUND', 404, {}, [{ field: 'issuingOrgId', message: '单位不存在或无权访问' }]);
    requireAt(ctx.actor, 'campaign.manage', org.path);
    const [dup] = await tx.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.code, input.code));
    if (dup) throw duplicate('活动编号', 'code');
    const [c] = await tx
      .insert(campaigns)
      .values({
        code: input.code,
        name: input.name,
        issuingOrgId: org.id,
        generalRequirement: input.generalRequirement ?? '',
        fundamentalTask: input.fundamentalTask ?? '',
        goals: input.goals,
        phases: input.phases,
        ...span(input.phases),
        status: 'active',
      })
      .returning({ id: campaigns.id, version: campaigns.version });
    await writeItems(tx, c.id, input.items);
    await recordAudit(tx, ctx, {
      action: 'campaign.create',
      entityType: 'campaign',
      entityId: c.id,
      orgId: org.id,
      after: input,
    });
    return c;
  });

export const updateCampaign = (db: Db, ctx: Ctx, id: number, input: TCampaignUpdate) =>
  db.transaction(async (tx) => {
    const [row] = await tx
      .select({ c: campaigns, path: orgs.path })
      .from(campaigns)
      .innerJoin(orgs, eq(orgs.id, campaigns.issuingOrgId))
      .where(eq(campaigns.id, id))
      .for('update', { of: campaigns });
    requireVisible(ctx.actor, 'campaign.read', row?.path);
    requireAt(ctx.actor, 'campaign.manage', row.path);
    if (row.c.version !== input.version) throw versionConflict();
    const phases = input.phases ?? row.c.phases;
    const [c] = await tx
      .update(campaigns)
      .set({
        name: input.name ?? row.c.name,
        generalRequirement:
          input.generalRequirement === undefined
            ? row.c.generalRequirement
            : (input.generalRequirement ?? ''),
        fundamentalTask:
          input.fundamentalTask === undefined ? row.c.fundamentalTask : (input.fundamentalTask ?? ''),
        goals: input.goals ?? row.c.goals,
        phases,
        ...span(phases),
        version: sql`${campaigns.version} + 1`,
        updatedAt: new Date(),
      })
      .where(eq(campaigns.id, id))
      .returning({ id: campaigns.id, version: campaigns.version });
    if (input.items) await writeItems(tx, id, input.items);
    await recordAudit(tx, ctx, {
      action: 'campaign.update',
      entityType: 'campaign',
      entityId: id,
      orgId: row.c.issuingOrgId,
      before: { name: row.c.name, phases: row.c.phases },
      after: input,
    });
    return c;
  });

export const campaignWriteRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    const tags = ['campaigns'];
    app.post(
      '/api/v1/campaigns',
      { schema: { tags, body: ZCampaignCreate, response: { 201: ZSaved } } },
      async (req, reply) => reply.status(201).send(await createCampaign(db, requireUser(req), req.body)),
    );
    app.patch(
      '/api/v1/campaigns/:id',
      { schema: { tags, params: ZIdParams, body: ZCampaignUpdate, response: { 200: ZSaved } } },
      async (req) => updateCampaign(db, requireUser(req), req.params.id, req.body),
    );
  };
