import { sql, type SQL } from 'drizzle-orm';
import { notFound, forbidden } from '../errors.js';
import type { Permission } from './permissions.js';
import { SUPERVISION_PERMISSIONS } from './permissions.js';

export interface ActorGrant {
  grantId: number;
  roleCode: string;
  roleName: string;
  orgId: number;
  orgName: string;
  path: string;
  permissions: Permission[];
  systemRole: boolean;
}

export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  grants: ActorGrant[];
  /** subtrees assigned to the actor's supervision groups (read scope). */
  supervised: { groupId: number; groupName: string; orgId: number; orgName: string; path: string }[];
}

/** The org id a path ends with (paths are org ids joined by dots). */
export const orgIdOfPath = (path: string) => Number(path.slice(path.lastIndexOf('.') + 1));

/** True when `path` lies in the subtree rooted at `root` (ltree `<@`). */
export function inSubtree(path: string, root: string): boolean {
  return path === root || path.startsWith(root + '.');
}

/** Roots of the subtrees where the actor holds `perm`, without roots nested in other roots. */
export function scopeRoots(actor: Actor, perm: Permission): string[] {
  const roots = actor.grants.filter((g) => g.permissions.includes(perm)).map((g) => g.path);
  if (SUPERVISION_PERMISSIONS.includes(perm)) roots.push(...actor.supervised.map((s) => s.path));
  const unique = [...new Set(roots)].sort((a, b) => a.length - b.length);
  return unique.filter((p, i) => !unique.slice(0, i).some((r) => inSubtree(p, r)));
}

export function can(actor: Actor, perm: Permission, orgPath?: string): boolean {
  const roots = scopeRoots(actor, perm);
  if (orgPath === undefined) return roots.length > 0;
  return roots.some((r) => inSubtree(orgPath, r));
}

/** Permissions the actor holds anywhere: what the UI shows. */
export function abilities(actor: Actor): Permission[] {
  const set = new Set<Permission>();
  for (const g of actor.grants) g.permissions.forEach((p) => set.add(p));
  if (actor.supervised.length) SUPERVISION_PERMISSIONS.forEach((p) => set.add(p));
  return [...set].sort();
}

/** Throws 403 for an action the actor may not take on a record it can see. */
export function requireAt(actor: Actor, perm: Permission, orgPath: string): void {
  if (!can(actor, perm, orgPath)) throw forbidden();
}

/** Throws 403 when the actor holds `perm` nowhere (actions not tied to one org). */
export function requireAny(actor: Actor, perm: Permission): void {
  if (!can(actor, perm)) throw forbidden();
}

/** Throws the 404 that hides a record outside the actor's read scope. */
export function requireVisible(actor: Actor, perm: Permission, orgPath: string | undefined): void {
  if (orgPath === undefined || !can(actor, perm, orgPath)) throw notFound();
}

/**
 * SQL condition limiting rows to the actor's scope: `pathColumn <@ ANY(roots)`.
 * Every repo query over org-owned rows uses it, so filtering happens in the database.
 */
export function scopeSql(actor: Actor, perm: Permission, pathColumn: SQL | SQL.Aliased | unknown): SQL {
  const roots = scopeRoots(actor, perm);
  if (roots.length === 0) return sql`false`;
  const list = sql.join(
    roots.map((r) => sql`${r}::ltree`),
    sql`, `,
  );
  return sql`${pathColumn} <@ ARRAY[${list}]`;
}
