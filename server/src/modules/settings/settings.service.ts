import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { requireAny } from '../../platform/access/access.js';
import { recordAudit } from '../../platform/audit/audit.js';
import type { Ctx } from '../../platform/context.js';
import { versionConflict } from '../../platform/errors.js';
import { settings } from './settings.table.js';

export const ZSecuritySettings = z.object({
  passwordMinLength: z.number().int().min(8).max(64),
  passwordMinClasses: z.number().int().min(1).max(4),
  lockoutThreshold: z.number().int().min(3).max(20),
  lockoutMinutes: z.number().int().min(1).max(1440),
  sessionTtlMinutes: z
    .number()
    .int()
    .min(5)
    .max(7 * 24 * 60),
});
export type TSecuritySettings = z.infer<typeof ZSecuritySettings>;

export const DEFAULT_SECURITY: TSecuritySettings = {
  passwordMinLength: 8,
  passwordMinClasses: 3,
  lockoutThreshold: 5,
  lockoutMinutes: 15,
  sessionTtlMinutes: 480,
};

let cache: { at: number; value: TSecuritySettings; version: number } | undefined;

export async function getSecurity(db: Db): Promise<TSecuritySettings & { version: number }> {
  if (cache && Date.now() - cache.at < 30_000) return { ...cache.value, version: cache.version };
  const [row] = await db.select().from(settings).where(eq(settings.key, 'security'));
  const parsed = ZSecuritySettings.safeParse(row?.value);
  const value = parsed.success ? parsed.data : DEFAULT_SECURITY;
  cache = { at: Date.now(), value, version: row?.version ?? 0 };
  return { ...value, version: cache.version };
}

/** Cached value for hot paths (session expiry); refreshed by getSecurity. */
export const cachedSessionTtl = (fallback: number) => cache?.value.sessionTtlMinutes ?? fallback;

export async function updateSecurity(db: Db, ctx: Ctx, input: TSecuritySettings & { version: number }) {
  requireAny(ctx.actor, 'security.manage');
  const { version, ...value } = input;
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(settings).where(eq(settings.key, 'security')).for('update');
    const current = row?.version ?? 0;
    if (current !== version) throw versionConflict();
    if (row) {
      await tx
        .update(settings)
        .set({ value, version: sql`${settings.version} + 1`, updatedAt: new Date() })
        .where(eq(settings.key, 'security'));
    } else {
      await tx.insert(settings).values({ key: 'security', value, version: 1 });
    }
    await recordAudit(tx, ctx, {
      action: 'settings.security.update',
      entityType: 'settings',
      entityId: 'security',
      before: row?.value ?? DEFAULT_SECURITY,
      after: value,
    });
    cache = undefined;
    return { ...value, version: current + 1 };
  });
}
