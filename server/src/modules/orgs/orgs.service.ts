import { and, eq, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client.js';
import { can, inSubtree, requireAt, requireVisible, scopeRoots } from '../../platform/access/access.js';
import { recordAudit } from '../../platform/audit/audit.js';
import type { Ctx } from '../../platform/context.js';
import { AppError, notFound, versionConflict } from '../../platform/errors.js';
import { orgSearchKey } from '../../platform/pinyin.js';
import * as repo from './orgs.repo.js';
import type { TOrgCreate, TOrgListQuery, TOrgUpdate } from './orgs.schemas.js';
import { orgCategories, orgs } from './orgs.table.js';

export const listOrgs = (db: Db, ctx: Ctx, q: TOrgListQuery) => repo.listOrgs(db, ctx.actor, q);

export async function getOrg(db: Executor, ctx: Ctx, id: number) {
  const org = await repo.findOrg(db, ctx.actor, 'org.read', id);
  if (!org) throw notFound();
  return { ...org, ancestors: await repo.ancestorsInScope(db, ctx.actor, org.path) };
}

export const scopeRootOrgs = (db: Db, ctx: Ctx) => repo.orgsByPaths(db, scopeRoots(ctx.actor, 'org.read'));

async function checkCategory(tx: Executor, categoryId: number | null | undefined) {
  if (!categoryId) return;
  const [c] = await tx
    .select({ id: orgCategories.id })
    .from(orgCategories)
    .where(eq(orgCategories.id, categoryId));
  if (!c) throw new AppError('VALIDATION', 400, {}, [{ field: 'categoryId', message: '分类不存在' }]);
}

async function checkSiblingName(tx: Executor, parentId: number, name: string, exceptId?: number) {
  const [dup] = await tx
    .select({ id: orgs.id })
    .from(orgs)
    .where(and(eq(orgs.parentId, parentId), eq(orgs.name, name), eq(orgs.active, true)));
  if (dup && dup.id !== exceptId) {
    throw new AppError('DUPLICATE', 409, { what: '同一上级下的同名单位' }, [
      { field: 'name', message: '同一上级单位下已有同名单位' },
    ]);
  }
}

/** Creates an org under a parent in the caller's writable scope. Used by the API and the Excel import. */
export async function createOrgIn(tx: Executor, ctx: Ctx, input: TOrgCreate) {
  const parent = await repo.findOrg(tx, ctx.actor, 'org.read', input.parentId);
  if (!parent)
    throw new AppError('NOT_FOUND', 404, {}, [{ field: 'parentId', message: '上级单位不存在或无权访问' }]);
  requireAt(ctx.actor, 'org.write', parent.path);
  if (!parent.active)
    throw new AppError('ORG_INACTIVE_PARENT', 400, {}, [{ field: 'parentId', message: '上级单位已撤销' }]);
  await checkCategory(tx, input.categoryId);
  await checkSiblingName(tx, parent.id, input.name);
  const id = await repo.insertOrg(tx, parent, {
    name: input.name,
    shortName: input.shortName ?? null,
    kind: input.kind,
    categoryId: input.categoryId ?? null,
    sortOrder: input.sortOrder ?? parent.childCount + 1,
    pinyin: orgSearchKey(input.name, input.shortName),
  });
  const created = await repo.findOrg(tx, ctx.actor, 'org.read', id);
  await recordAudit(tx, ctx, {
    action: 'org.create',
    entityType: 'org',
    entityId: id,
    orgId: id,
    after: created,
  });
  return created!;
}

export const createOrg = (db: Db, ctx: Ctx, input: TOrgCreate) =>
  db.transaction((tx) => createOrgIn(tx, ctx, input));

/** Loads a visible org for a change and checks write access and version; returns the locked row. */
async function prepareChange(tx: Executor, ctx: Ctx, id: number, version: number) {
  const visible = await repo.findOrg(tx, ctx.actor, 'org.read', id);
  requireVisible(ctx.actor, 'org.read', visible?.path);
  requireAt(ctx.actor, 'org.write', visible!.path);
  const row = await repo.lockOrg(tx, id);
  if (!row) throw notFound();
  if (row.version !== version) throw versionConflict();
  return { visible: visible!, row };
}

/** The root of a grant cannot be moved or closed by its holder: only someone above it can. */
function requireAboveScopeRoot(ctx: Ctx, path: string) {
  const parentPath = path.split('.').slice(0, -1).join('.');
  if (!parentPath || !can(ctx.actor, 'org.write', parentPath)) throw new AppError('ORG_SCOPE_ROOT', 403);
}

export async function updateOrg(db: Db, ctx: Ctx, id: number, input: TOrgUpdate) {
  return db.transaction(async (tx) => {
    const { visible, row } = await prepareChange(tx, ctx, id, input.version);
    await checkCategory(tx, input.categoryId);
    if (input.name && input.name !== row.name && row.parentId)
      await checkSiblingName(tx, row.parentId, input.name, id);
    const name = input.name ?? row.name;
    const shortName = input.shortName === undefined ? row.shortName : input.shortName;
    await tx
      .update(orgs)
      .set({
        name,
        shortName,
        kind: input.kind ?? row.kind,
        categoryId: input.categoryId === undefined ? row.categoryId : input.categoryId,
        sortOrder: input.sortOrder ?? row.sortOrder,
        pinyin: orgSearchKey(name, shortName),
        version: sql`${orgs.version} + 1`,
        updatedAt: new Date(),
      })
      .where(eq(orgs.id, id));
    const after = await repo.findOrg(tx, ctx.actor, 'org.read', id);
    await recordAudit(tx, ctx, {
      action: 'org.update',
      entityType: 'org',
      entityId: id,
      orgId: id,
      before: visible,
      after,
    });
    return after!;
  });
}

export async function moveOrg(db: Db, ctx: Ctx, id: number, input: { version: number; parentId: number }) {
  return db.transaction(async (tx) => {
    const { visible } = await prepareChange(tx, ctx, id, input.version);
    requireAboveScopeRoot(ctx, visible.path);
    const parent = await repo.findOrg(tx, ctx.actor, 'org.read', input.parentId);
    if (!parent)
      throw new AppError('NOT_FOUND', 404, {}, [
        { field: 'parentId', message: '目标上级单位不存在或无权访问' },
      ]);
    requireAt(ctx.actor, 'org.write', parent.path);
    if (inSubtree(parent.path, visible.path))
      throw new AppError('ORG_CYCLE', 400, {}, [
        { field: 'parentId', message: '不能移动到自身或下级单位之下' },
      ]);
    if (!parent.active)
      throw new AppError('ORG_INACTIVE_PARENT', 400, {}, [
        { field: 'parentId', message: '目标上级单位已撤销' },
      ]);
    if (parent.id !== visible.parentId) {
      await checkSiblingName(tx, parent.id, visible.name, id);
      await repo.moveSubtree(tx, visible, parent);
    }
    const after = await repo.findOrg(tx, ctx.actor, 'org.read', id);
    await recordAudit(tx, ctx, {
      action: 'org.move',
      entityType: 'org',
      entityId: id,
      orgId: id,
      before: { parentId: visible.parentId, path: visible.path },
      after: { parentId: after!.parentId, path: after!.path },
    });
    return after!;
  });
}

export async function setOrgActive(
  db: Db,
  ctx: Ctx,
  id: number,
  input: { version: number; reason?: string | null },
  active: boolean,
) {
  return db.transaction(async (tx) => {
    const { visible, row } = await prepareChange(tx, ctx, id, input.version);
    requireAboveScopeRoot(ctx, visible.path);
    if (!active && (await repo.activeChildCount(tx, id)) > 0)
      throw new AppError('ORG_HAS_ACTIVE_CHILDREN', 400);
    if (active && row.parentId) {
      const [p] = await tx.select({ active: orgs.active }).from(orgs).where(eq(orgs.id, row.parentId));
      if (!p?.active) throw new AppError('ORG_INACTIVE_PARENT', 400);
    }
    await tx
      .update(orgs)
      .set({ active, version: sql`${orgs.version} + 1`, updatedAt: new Date() })
      .where(eq(orgs.id, id));
    const after = await repo.findOrg(tx, ctx.actor, 'org.read', id);
    await recordAudit(tx, ctx, {
      action: active ? 'org.reopen' : 'org.close',
      entityType: 'org',
      entityId: id,
      orgId: id,
      before: { active: row.active },
      after: { active, reason: input.reason ?? null },
    });
    return after!;
  });
}

export const listCategories = (db: Db) => repo.listCategories(db);
