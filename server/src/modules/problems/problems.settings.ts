import { eq, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../app.js';
import type { Db, Executor } from '../../db/client.js';
import { can, requireAt } from '../../platform/access/access.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { requireUser } from '../../platform/auth/plugin.js';
import type { Ctx } from '../../platform/context.js';
import { versionConflict } from '../../platform/errors.js';
import { ZIdParams, ZVersion } from '../../platform/schemas.js';
import { campaignFor } from '../inspections/inspections.service.js';
import { problemLedgers } from './problems.table.js';

/** The ledger's light thresholds for one campaign (blue: deadline near; yellow: no progress reported). */
export const ZLedgerSettings = z.object({
  campaignId: z.number(),
  warnDays: z.number(),
  reportDays: z.number(),
  version: z.number(),
  canManage: z.boolean(),
});
export const ZLedgerSettingsUpdate = z.object({
  warnDays: z
    .number({ message: '临期预警天数应为整数' })
    .int('临期预警天数应为整数')
    .min(1, '临期预警天数应在 1 至 90 天之间')
    .max(90, '临期预警天数应在 1 至 90 天之间'),
  reportDays: z
    .number({ message: '进展报告周期应为整数' })
    .int('进展报告周期应为整数')
    .min(1, '进展报告周期应在 1 至 180 天之间')
    .max(180, '进展报告周期应在 1 至 180 天之间'),
  version: ZVersion,
});

/** The campaign's ledger row, created with the defaults the first time anyone asks. */
async function ledgerRow(tx: Executor, campaignId: number, lock = false) {
  await tx.insert(problemLedgers).values({ campaignId }).onConflictDoNothing();
  const q = tx.select().from(problemLedgers).where(eq(problemLedgers.campaignId, campaignId));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function getLedgerSettings(db: Db, ctx: Ctx, campaignId: number) {
  return db.transaction(async (tx) => {
    const c = await campaignFor(tx, ctx, campaignId);
    const row = await ledgerRow(tx, c.id);
    return {
      campaignId: c.id,
      warnDays: row.warnDays,
      reportDays: row.reportDays,
      version: row.version,
      canManage: can(ctx.actor, 'campaign.manage', c.path),
    };
  });
}

export async function putLedgerSettings(
  db: Db,
  ctx: Ctx,
  campaignId: number,
  input: z.infer<typeof ZLedgerSettingsUpdate>,
) {
  await db.transaction(async (tx) => {
    const c = await campaignFor(tx, ctx, campaignId);
    requireAt(ctx.actor, 'campaign.manage', c.path);
    const row = await ledgerRow(tx, c.id, true);
    if (row.version !== input.version) throw versionConflict();
    await tx
      .update(problemLedgers)
      .set({
        warnDays: input.warnDays,
        reportDays: input.reportDays,
        version: sql`${problemLedgers.version} + 1`,
        updatedAt: new Date(),
      })
      .where(eq(problemLedgers.campaignId, c.id));
    await recordAudit(tx, ctx, {
      action: 'problem_ledger.settings',
      entityType: 'campaign',
      entityId: c.id,
      before: { warnDays: row.warnDays, reportDays: row.reportDays },
      after: { warnDays: input.warnDays, reportDays: input.reportDays },
    });
  });
  return getLedgerSettings(db, ctx, campaignId);
}

/** 台账设置: the light thresholds per campaign, read by anyone who sees the campaign, set by its office. */
export const ledgerSettingsRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    const tags = ['problems'];
    app.get(
      '/api/v1/campaigns/:id/ledger-settings',
      { schema: { tags, params: ZIdParams, response: { 200: ZLedgerSettings } } },
      async (req) => getLedgerSettings(db, requireUser(req), req.params.id),
    );
    app.put(
      '/api/v1/campaigns/:id/ledger-settings',
      {
        schema: {
          tags,
          params: ZIdParams,
          body: ZLedgerSettingsUpdate,
          response: { 200: ZLedgerSettings },
          description:
            'warnDays: blue light when the deadline is this near (1–90); reportDays: yellow light when no progress was reported for this long (1–180)',
        },
      },
      async (req) => putLedgerSettings(db, requireUser(req), req.params.id, req.body),
    );
  };
