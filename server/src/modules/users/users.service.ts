import { and, asc, eq, ilike, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import {
  can,
  requireAny,
  requireAt,
  scopeRoots,
  scopeSql,
  type Actor,
} from '../../platform/access/access.js';
import { roles } from '../../platform/access/access.table.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { users } from '../../platform/auth/auth.table.js';
import { hashPassword, passwordProblem } from '../../platform/auth/passwords.js';
import { deleteUserSessions } from '../../platform/auth/sessions.js';
import type { Ctx } from '../../platform/context.js';
import { AppError, duplicate, notFound, versionConflict } from '../../platform/errors.js';
import { getOrg } from '../orgs/orgs.service.js';
import { likeText } from '../orgs/orgs.repo.js';
import { orgs } from '../orgs/orgs.table.js';
import { people } from '../people/people.table.js';
import { getSecurity } from '../settings/settings.service.js';

/** Accounts are visible to account managers and grant managers, by the account's home org. */
function userScope(actor: Actor): SQL {
  const perm = can(actor, 'user.manage') ? 'user.manage' : 'grant.manage';
  // Accounts without a home org (e.g. a provincial supervisor) belong to whoever manages a whole tree.
  const wholeTree = scopeRoots(actor, perm).some((p) => !p.includes('.'));
  return wholeTree
    ? or(scopeSql(actor, perm, orgs.path), isNull(users.orgId))!
    : scopeSql(actor, perm, orgs.path);
}

function requireManage(actor: Actor, orgPath: string | null) {
  if (orgPath) return requireAt(actor, 'user.manage', orgPath);
  if (!scopeRoots(actor, 'user.manage').some((p) => !p.includes('.'))) throw new AppError('FORBIDDEN', 403);
}

const userColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  orgId: users.orgId,
  orgName: orgs.name,
  orgPath: orgs.path,
  active: users.active,
  lockedUntil: users.lockedUntil,
  mustChangePassword: users.mustChangePassword,
  lastLoginAt: users.lastLoginAt,
  version: users.version,
  roles: sql<
    string[]
  >`coalesce((select array_agg(r.name order by r.id) from grants g join roles r on r.id = g.role_id where g.user_id = ${users.id}), '{}')`,
};

type UserRow = { lockedUntil: Date | null; lastLoginAt: Date | null; orgPath: string | null } & Record<
  string,
  unknown
>;
const presentUser = <T extends UserRow>({ lockedUntil, lastLoginAt, orgPath: _p, ...r }: T) => ({
  ...r,
  locked: Boolean(lockedUntil && lockedUntil.getTime() > Date.now()),
  lastLoginAt: lastLoginAt ? lastLoginAt.toISOString() : null,
});

export async function listUsers(
  db: Db,
  ctx: Ctx,
  q: { q?: string; active?: boolean; page: number; pageSize: number },
) {
  if (!can(ctx.actor, 'user.manage') && !can(ctx.actor, 'grant.manage')) throw new AppError('FORBIDDEN', 403);
  const conds: SQL[] = [userScope(ctx.actor)];
  if (q.q) conds.push(or(ilike(users.username, likeText(q.q)), ilike(users.displayName, likeText(q.q)))!);
  if (q.active !== undefined) conds.push(eq(users.active, q.active));
  const rows = await db
    .select({ ...userColumns, total: sql<number>`count(*) over()`.mapWith(Number) })
    .from(users)
    .leftJoin(orgs, eq(orgs.id, users.orgId))
    .where(and(...conds))
    .orderBy(asc(users.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return { items: rows.map(({ total: _t, ...r }) => presentUser(r)), total: rows[0]?.total ?? 0 };
}

async function findUser(db: Db, ctx: Ctx, id: number) {
  const [row] = await db
    .select(userColumns)
    .from(users)
    .leftJoin(orgs, eq(orgs.id, users.orgId))
    .where(and(eq(users.id, id), userScope(ctx.actor)));
  if (!row) throw notFound();
  return row;
}

async function checkPassword(db: Db, password: string, username: string) {
  const sec = await getSecurity(db);
  const problem = passwordProblem(password, username, {
    minLength: sec.passwordMinLength,
    minClasses: sec.passwordMinClasses,
  });
  if (problem)
    throw new AppError('WEAK_PASSWORD', 400, { reason: problem }, [{ field: 'password', message: problem }]);
}

export async function createUser(
  db: Db,
  ctx: Ctx,
  input: { username: string; displayName: string; orgId: number; personId?: number | null; password: string },
) {
  const org = await getOrg(db, ctx, input.orgId).catch(() => {
    throw new AppError('NOT_FOUND', 404, {}, [{ field: 'orgId', message: '单位不存在或无权访问' }]);
  });
  requireAt(ctx.actor, 'user.manage', org.path);
  await checkPassword(db, input.password, input.username);
  const passwordHash = await hashPassword(input.password);
  const id = await db.transaction(async (tx) => {
    const [exists] = await tx.select({ id: users.id }).from(users).where(eq(users.username, input.username));
    if (exists) throw duplicate('用户名', 'username');
    const [row] = await tx
      .insert(users)
      .values({
        username: input.username,
        displayName: input.displayName,
        orgId: input.orgId,
        personId: input.personId ?? null,
        passwordHash,
        mustChangePassword: true,
      })
      .returning({ id: users.id });
    if (input.personId) await tx.update(people).set({ userId: row.id }).where(eq(people.id, input.personId));
    await recordAudit(tx, ctx, {
      action: 'user.create',
      entityType: 'user',
      entityId: row.id,
      orgId: input.orgId,
      after: { username: input.username, displayName: input.displayName, orgId: input.orgId },
    });
    return row.id;
  });
  return presentUser(await findUser(db, ctx, id));
}

export async function updateUser(
  db: Db,
  ctx: Ctx,
  id: number,
  input: { version: number; displayName?: string; orgId?: number; active?: boolean },
) {
  const current = await findUser(db, ctx, id);
  requireManage(ctx.actor, current.orgPath);
  if (input.orgId !== undefined)
    requireAt(ctx.actor, 'user.manage', (await getOrg(db, ctx, input.orgId)).path);
  if (input.active === false && id === ctx.actor.userId) throw new AppError('FORBIDDEN', 403);
  await db.transaction(async (tx) => {
    const { version, ...changes } = input;
    const res = await tx
      .update(users)
      .set({ ...changes, version: sql`${users.version} + 1`, updatedAt: new Date() })
      .where(and(eq(users.id, id), eq(users.version, version)))
      .returning({ id: users.id });
    if (res.length === 0) throw versionConflict();
    if (input.active === false) await deleteUserSessions(tx, id);
    await recordAudit(tx, ctx, {
      action: 'user.update',
      entityType: 'user',
      entityId: id,
      before: current,
      after: changes,
    });
  });
  return presentUser(await findUser(db, ctx, id));
}

export async function resetPassword(db: Db, ctx: Ctx, id: number, password: string) {
  const current = await findUser(db, ctx, id);
  requireManage(ctx.actor, current.orgPath);
  await checkPassword(db, password, current.username);
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({
        passwordHash,
        mustChangePassword: true,
        demoPassword: false,
        failedLogins: 0,
        lockedUntil: null,
        version: sql`${users.version} + 1`,
        updatedAt: new Date(),
      })
      .where(eq(users.id, id));
    await deleteUserSessions(tx, id);
    await recordAudit(tx, ctx, { action: 'user.reset_password', entityType: 'user', entityId: id });
  });
  return presentUser(await findUser(db, ctx, id));
}

export async function unlockUser(db: Db, ctx: Ctx, id: number) {
  const current = await findUser(db, ctx, id);
  requireManage(ctx.actor, current.orgPath);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, id));
    await recordAudit(tx, ctx, { action: 'user.unlock', entityType: 'user', entityId: id });
  });
  return presentUser(await findUser(db, ctx, id));
}

export async function listRoles(db: Db, ctx: Ctx) {
  requireAny(ctx.actor, 'grant.manage');
  return db
    .select({
      id: roles.id,
      code: roles.code,
      name: roles.name,
      nameEn: roles.nameEn,
      permissions: roles.permissions,
      systemRole: roles.systemRole,
    })
    .from(roles)
    .orderBy(asc(roles.id));
}
