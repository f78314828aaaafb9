import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { requireAny, requireAt, requireVisible, scopeSql } from '../../platform/access/access.js';
import {
  grants,
  roles,
  supervisionGroupMembers,
  supervisionGroupOrgs,
  supervisionGroups,
} from '../../platform/access/access.table.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { users } from '../../platform/auth/auth.table.js';
import type { Ctx } from '../../platform/context.js';
import { AppError, duplicate } from '../../platform/errors.js';
import { getOrg } from '../orgs/orgs.service.js';
import { orgs } from '../orgs/orgs.table.js';

const columns = {
  id: grants.id,
  userId: grants.userId,
  username: users.username,
  displayName: users.displayName,
  roleId: grants.roleId,
  roleCode: roles.code,
  roleName: roles.name,
  orgId: grants.orgId,
  orgName: orgs.name,
  orgPath: orgs.path,
  createdAt: grants.createdAt,
};

const base = (db: Db) =>
  db
    .select(columns)
    .from(grants)
    .innerJoin(users, eq(users.id, grants.userId))
    .innerJoin(roles, eq(roles.id, grants.roleId))
    .innerJoin(orgs, eq(orgs.id, grants.orgId));

type Row = { createdAt: Date; orgPath: string } & Record<string, unknown>;
const present = <T extends Row>({ orgPath: _p, createdAt, ...r }: T) => ({
  ...r,
  createdAt: createdAt.toISOString(),
});

export async function listGrants(
  db: Db,
  ctx: Ctx,
  q: { userId?: number; orgId?: number; page: number; pageSize: number },
) {
  requireAny(ctx.actor, 'grant.manage');
  const conds: SQL[] = [scopeSql(ctx.actor, 'grant.manage', orgs.path)];
  if (q.userId) conds.push(eq(grants.userId, q.userId));
  if (q.orgId) conds.push(eq(grants.orgId, q.orgId));
  const rows = await db
    .select({ ...columns, total: sql<number>`count(*) over()`.mapWith(Number) })
    .from(grants)
    .innerJoin(users, eq(users.id, grants.userId))
    .innerJoin(roles, eq(roles.id, grants.roleId))
    .innerJoin(orgs, eq(orgs.id, grants.orgId))
    .where(and(...conds))
    .orderBy(asc(grants.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return { items: rows.map(({ total: _t, ...r }) => present(r)), total: rows[0]?.total ?? 0 };
}

/**
 * 三员分立: a system role (系统管理员/安全保密管理员/安全审计员) must be an account's only role,
 * and no account may hold two of them.
 */
export function separationProblem(
  existing: { systemRole: boolean; roleId: number }[],
  role: { id: number; systemRole: boolean },
) {
  if (existing.some((g) => g.roleId === role.id)) return null;
  if (role.systemRole && existing.length > 0) return 'SEPARATION_OF_DUTIES';
  if (!role.systemRole && existing.some((g) => g.systemRole)) return 'SEPARATION_OF_DUTIES';
  return null;
}

export async function createGrant(
  db: Db,
  ctx: Ctx,
  input: { userId: number; roleId: number; orgId: number },
) {
  requireAny(ctx.actor, 'grant.manage');
  if (input.userId === ctx.actor.userId) throw new AppError('SELF_GRANT', 403);
  const org = await getOrg(db, ctx, input.orgId).catch(() => {
    throw new AppError('NOT_FOUND', 404, {}, [{ field: 'orgId', message: '单位不存在或无权访问' }]);
  });
  requireAt(ctx.actor, 'grant.manage', org.path);
  const [role] = await db.select().from(roles).where(eq(roles.id, input.roleId));
  if (!role) throw new AppError('VALIDATION', 400, {}, [{ field: 'roleId', message: '角色不存在' }]);
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.id, input.userId));
  if (!user) throw new AppError('VALIDATION', 400, {}, [{ field: 'userId', message: '用户不存在' }]);
  const id = await db.transaction(async (tx) => {
    const existing = await tx
      .select({ roleId: grants.roleId, systemRole: roles.systemRole, orgId: grants.orgId })
      .from(grants)
      .innerJoin(roles, eq(roles.id, grants.roleId))
      .where(eq(grants.userId, input.userId));
    if (existing.some((g) => g.roleId === input.roleId && g.orgId === input.orgId))
      throw duplicate('该授权', 'roleId');
    const problem = separationProblem(existing, role);
    if (problem)
      throw new AppError(problem, 400, {}, [{ field: 'roleId', message: '三员分立：该账号不能兼任此角色' }]);
    const [row] = await tx.insert(grants).values(input).returning({ id: grants.id });
    await recordAudit(tx, ctx, {
      action: 'grant.create',
      entityType: 'grant',
      entityId: row.id,
      orgId: input.orgId,
      after: { ...input, roleCode: role.code },
    });
    return row.id;
  });
  const [created] = await base(db).where(eq(grants.id, id));
  return present(created);
}

export async function deleteGrant(db: Db, ctx: Ctx, id: number) {
  requireAny(ctx.actor, 'grant.manage');
  const [row] = await base(db).where(and(eq(grants.id, id), scopeSql(ctx.actor, 'grant.manage', orgs.path)));
  requireVisible(ctx.actor, 'grant.manage', row?.orgPath);
  if (row.userId === ctx.actor.userId) throw new AppError('SELF_GRANT', 403);
  await db.transaction(async (tx) => {
    await tx.delete(grants).where(eq(grants.id, id));
    await recordAudit(tx, ctx, {
      action: 'grant.delete',
      entityType: 'grant',
      entityId: id,
      orgId: row.orgId,
      before: present(row),
    });
  });
  return { ok: true as const };
}

export async function listSupervisionGroups(db: Db, ctx: Ctx) {
  requireAny(ctx.actor, 'grant.manage');
  const groups = await db.select().from(supervisionGroups).orderBy(asc(supervisionGroups.id));
  if (groups.length === 0) return [];
  const ids = groups.map((g) => g.id);
  const members = await db
    .select({
      groupId: supervisionGroupMembers.groupId,
      userId: users.id,
      displayName: users.displayName,
      duty: supervisionGroupMembers.duty,
    })
    .from(supervisionGroupMembers)
    .innerJoin(users, eq(users.id, supervisionGroupMembers.userId))
    .where(inArray(supervisionGroupMembers.groupId, ids));
  const assigned = await db
    .select({ groupId: supervisionGroupOrgs.groupId, orgId: orgs.id, orgName: orgs.name })
    .from(supervisionGroupOrgs)
    .innerJoin(orgs, eq(orgs.id, supervisionGroupOrgs.orgId))
    .where(inArray(supervisionGroupOrgs.groupId, ids));
  return groups.map((g) => ({
    id: g.id,
    name: g.name,
    issuer: g.issuer,
    active: g.active,
    members: members.filter((m) => m.groupId === g.id).map(({ groupId: _g, ...m }) => m),
    orgs: assigned.filter((o) => o.groupId === g.id).map(({ groupId: _g, ...o }) => o),
  }));
}
