import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { orgs } from '../../modules/orgs/orgs.table.js';
import { users } from '../auth/auth.table.js';
import type { Actor } from './access.js';
import {
  grants,
  roles,
  supervisionGroupMembers,
  supervisionGroupOrgs,
  supervisionGroups,
} from './access.table.js';
import type { Permission } from './permissions.js';

/** Builds the actor for a user: grants with their subtree paths, and supervised subtrees. */
export async function loadActor(db: Executor, userId: number): Promise<Actor | undefined> {
  const [user] = await db
    .select({ id: users.id, username: users.username, displayName: users.displayName, active: users.active })
    .from(users)
    .where(eq(users.id, userId));
  if (!user || !user.active) return undefined;
  const g = await db
    .select({
      grantId: grants.id,
      roleCode: roles.code,
      roleName: roles.name,
      permissions: roles.permissions,
      systemRole: roles.systemRole,
      orgId: orgs.id,
      orgName: orgs.name,
      path: orgs.path,
    })
    .from(grants)
    .innerJoin(roles, eq(roles.id, grants.roleId))
    .innerJoin(orgs, eq(orgs.id, grants.orgId))
    .where(and(eq(grants.userId, userId), eq(orgs.active, true)));
  const s = await db
    .select({
      groupId: supervisionGroups.id,
      groupName: supervisionGroups.name,
      orgId: orgs.id,
      orgName: orgs.name,
      path: orgs.path,
    })
    .from(supervisionGroupMembers)
    .innerJoin(supervisionGroups, eq(supervisionGroups.id, supervisionGroupMembers.groupId))
    .innerJoin(supervisionGroupOrgs, eq(supervisionGroupOrgs.groupId, supervisionGroups.id))
    .innerJoin(orgs, eq(orgs.id, supervisionGroupOrgs.orgId))
    .where(
      and(
        eq(supervisionGroupMembers.userId, userId),
        eq(supervisionGroups.active, true),
        eq(orgs.active, true),
      ),
    );
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    grants: g.map((x) => ({ ...x, permissions: x.permissions as Permission[] })),
    supervised: s,
  };
}
