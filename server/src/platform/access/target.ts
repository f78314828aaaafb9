import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { campaigns } from '../../modules/campaigns/campaigns.table.js';
import { orgs } from '../../modules/orgs/orgs.table.js';
import { AppError, invalid } from '../errors.js';
import { requireAt, scopeSql, type Actor } from './access.js';
import type { Permission } from './permissions.js';

/**
 * The org and campaign a new record is written under: the org must be readable (else 404 naming `orgId`) and
 * writable with `write` (else 403); the campaign must exist (else 400 naming `campaignId`).
 */
export async function writeTarget(
  tx: Executor,
  actor: Actor,
  b: { orgId: number; campaignId: number },
  read: Permission,
  write: Permission,
) {
  const [org] = await tx
    .select({ id: orgs.id, path: orgs.path })
    .from(orgs)
    .where(and(eq(orgs.id, b.orgId), scopeSql(actor, read, orgs.path)));
  if (!org) throw new AppError('NOT_FOUND', 404, {}, [{ field: 'orgId', message: '单位不存在或无权访问' }]);
  requireAt(actor, write, org.path);
  const [c] = await tx.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.id, b.campaignId));
  if (!c) throw invalid([{ field: 'campaignId', message: '活动不存在' }]);
  return { org, campaignId: c.id };
}
