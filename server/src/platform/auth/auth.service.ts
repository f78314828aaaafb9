import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { orgs } from '../../modules/orgs/orgs.table.js';
import { getSecurity } from '../../modules/settings/settings.service.js';
import { abilities, scopeRoots, type Actor } from '../access/access.js';
import { recordAudit } from '../audit/audit.js';
import { systemCtx, type Ctx } from '../context.js';
import { AppError } from '../errors.js';
import { users } from './auth.table.js';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.js';
import { createSession, deleteSession, deleteUserSessions } from './sessions.js';

// A real argon2id hash of a random string: checking against it when the user does not exist keeps timing even.
let dummyHash: Promise<string> | undefined;
const getDummyHash = () => (dummyHash ??= hashPassword(`nobody-${Math.random()}`));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface LoginResult {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  userId: number;
  mustChangePassword: boolean;
}

export async function login(
  db: Db,
  input: { username: string; password: string; ip: string; requestId: string; oldToken?: string },
): Promise<LoginResult> {
  const sec = await getSecurity(db);
  const ctxFor = (u?: { id: number; displayName: string; username: string }): Ctx => ({
    ...systemCtx(u?.displayName ?? input.username),
    actor: {
      userId: u?.id ?? 0,
      username: u?.username ?? input.username,
      displayName: u?.displayName ?? input.username,
      grants: [],
      supervised: [],
    },
    requestId: input.requestId,
    ip: input.ip,
  });
  const [user] = await db.select().from(users).where(eq(users.username, input.username));
  if (!user || !user.active) {
    await verifyPassword(await getDummyHash(), input.password);
    throw new AppError('BAD_LOGIN', 401);
  }
  if (user.lockedUntil && user.lockedUntil.getTime() > Date.now()) {
    throw new AppError('LOCKED', 429, {
      minutes: Math.ceil((user.lockedUntil.getTime() - Date.now()) / 60_000),
    });
  }
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    const failed = user.failedLogins + 1;
    const lock = failed >= sec.lockoutThreshold;
    await db.transaction(async (tx) => {
      await tx
        .update(users)
        .set({
          failedLogins: lock ? 0 : failed,
          lockedUntil: lock ? new Date(Date.now() + sec.lockoutMinutes * 60_000) : user.lockedUntil,
        })
        .where(eq(users.id, user.id));
      await recordAudit(tx, ctxFor(user), {
        action: lock ? 'auth.locked' : 'auth.login_failed',
        entityType: 'user',
        entityId: user.id,
        after: { failedLogins: failed },
      });
    });
    // Increasing delay: each failure in a row makes the next answer slower.
    await sleep(Math.min(200 * 2 ** (failed - 1), 3000));
    if (lock) throw new AppError('LOCKED', 429, { minutes: sec.lockoutMinutes });
    throw new AppError('BAD_LOGIN', 401);
  }
  return db.transaction(async (tx) => {
    // Session renewal: a login never keeps a session id that existed before it.
    if (input.oldToken) await deleteSession(tx, input.oldToken);
    await tx
      .update(users)
      .set({ failedLogins: 0, lockedUntil: null, lastLoginAt: new Date() })
      .where(eq(users.id, user.id));
    const s = await createSession(tx, user.id, sec.sessionTtlMinutes);
    await recordAudit(tx, ctxFor(user), { action: 'auth.login', entityType: 'user', entityId: user.id });
    return { ...s, userId: user.id, mustChangePassword: user.mustChangePassword };
  });
}

export async function logout(db: Db, ctx: Ctx, token: string) {
  await db.transaction(async (tx) => {
    await deleteSession(tx, token);
    await recordAudit(tx, ctx, { action: 'auth.logout', entityType: 'user', entityId: ctx.actor.userId });
  });
}

export async function changePassword(
  db: Db,
  ctx: Ctx,
  input: { currentPassword: string; newPassword: string; keepSessionId: string },
) {
  const sec = await getSecurity(db);
  const [user] = await db.select().from(users).where(eq(users.id, ctx.actor.userId));
  if (!user) throw new AppError('UNAUTHENTICATED', 401);
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new AppError('WRONG_PASSWORD', 400, {}, [{ field: 'currentPassword', message: '原密码不正确' }]);
  }
  const problem = passwordProblem(input.newPassword, user.username, {
    minLength: sec.passwordMinLength,
    minClasses: sec.passwordMinClasses,
  });
  if (problem)
    throw new AppError('WEAK_PASSWORD', 400, { reason: problem }, [
      { field: 'newPassword', message: problem },
    ]);
  if (await verifyPassword(user.passwordHash, input.newPassword)) {
    const msg = '新密码不能与原密码相同';
    throw new AppError('WEAK_PASSWORD', 400, { reason: msg }, [{ field: 'newPassword', message: msg }]);
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({
        passwordHash,
        mustChangePassword: false,
        demoPassword: false,
        passwordChangedAt: new Date(),
        version: sql`${users.version} + 1`,
        updatedAt: new Date(),
      })
      .where(eq(users.id, user.id));
    // Other sessions of this user end; the current one stays.
    await deleteUserSessions(tx, user.id, input.keepSessionId);
    await recordAudit(tx, ctx, { action: 'auth.password_change', entityType: 'user', entityId: user.id });
  });
}

export async function describeMe(db: Db, actor: Actor, opts: { mustChangePassword: boolean }) {
  const [u] = await db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      orgId: users.orgId,
      orgName: orgs.name,
      locale: users.locale,
    })
    .from(users)
    .leftJoin(orgs, and(eq(orgs.id, users.orgId)))
    .where(eq(users.id, actor.userId));
  const rootPaths = new Set(scopeRoots(actor, 'org.read'));
  const scope = [
    ...actor.grants.map((g) => ({ orgId: g.orgId, orgName: g.orgName, path: g.path })),
    ...actor.supervised.map((s) => ({ orgId: s.orgId, orgName: s.orgName, path: s.path })),
  ].filter((x, i, all) => rootPaths.has(x.path) && all.findIndex((y) => y.path === x.path) === i);
  return {
    id: actor.userId,
    username: actor.username,
    displayName: actor.displayName,
    orgId: u?.orgId ?? null,
    orgName: u?.orgName ?? null,
    locale: u?.locale === 'en-US' ? ('en-US' as const) : ('zh-CN' as const),
    mustChangePassword: opts.mustChangePassword,
    grants: actor.grants.map((g) => ({
      grantId: g.grantId,
      roleCode: g.roleCode,
      roleName: g.roleName,
      orgId: g.orgId,
      orgName: g.orgName,
    })),
    supervised: actor.supervised.map((s) => ({
      groupId: s.groupId,
      groupName: s.groupName,
      orgId: s.orgId,
      orgName: s.orgName,
    })),
    abilities: abilities(actor),
    scopeRoots: scope.map(({ orgId, orgName }) => ({ orgId, orgName })),
  };
}

export async function updateMe(
  db: Db,
  ctx: Ctx,
  input: { displayName?: string; locale?: 'zh-CN' | 'en-US' },
) {
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select({ displayName: users.displayName, locale: users.locale })
      .from(users)
      .where(eq(users.id, ctx.actor.userId));
    await tx
      .update(users)
      .set({ ...input, version: sql`${users.version} + 1`, updatedAt: new Date() })
      .where(eq(users.id, ctx.actor.userId));
    await recordAudit(tx, ctx, {
      action: 'user.update_self',
      entityType: 'user',
      entityId: ctx.actor.userId,
      before,
      after: input,
    });
  });
}
