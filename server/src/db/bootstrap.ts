import { sql } from 'drizzle-orm';
import type { Executor } from './client.js';
import { roles } from '../platform/access/access.table.js';
import { BUILTIN_ROLES } from '../platform/access/permissions.js';

/** Base data every database needs, written after migrations: the built-in roles (kept current). */
export async function bootstrap(db: Executor): Promise<void> {
  for (const r of BUILTIN_ROLES) {
    await db
      .insert(roles)
      .values({
        code: r.code,
        name: r.name,
        nameEn: r.nameEn,
        permissions: r.permissions,
        systemRole: Boolean(r.systemRole),
      })
      .onConflictDoUpdate({
        target: roles.code,
        set: {
          name: r.name,
          nameEn: r.nameEn,
          permissions: r.permissions,
          systemRole: Boolean(r.systemRole),
          updatedAt: sql`now()`,
        },
      });
  }
}
