import { and, asc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { scopeSql, type Actor } from '../../platform/access/access.js';
import type { Permission } from '../../platform/access/permissions.js';
import { orgCategories, orgs } from './orgs.table.js';
import type { TOrg, TOrgListQuery } from './orgs.schemas.js';

const childCount = sql<number>`(select count(*)::int from orgs c where c.parent_id = ${orgs.id} and c.active)`;

const columns = {
  id: orgs.id,
  parentId: orgs.parentId,
  name: orgs.name,
  shortName: orgs.shortName,
  kind: orgs.kind,
  categoryId: orgs.categoryId,
  categoryName: orgCategories.name,
  path: orgs.path,
  depth: orgs.depth,
  sortOrder: orgs.sortOrder,
  active: orgs.active,
  childCount,
  version: orgs.version,
  createdAt: orgs.createdAt,
  updatedAt: orgs.updatedAt,
};

type Row = { createdAt: Date; updatedAt: Date } & Omit<TOrg, 'createdAt' | 'updatedAt'>;
const present = (r: Row): TOrg => ({
  ...r,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/** Escapes LIKE wildcards in user input. */
export const likeText = (q: string) => `%${q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;

export async function findOrg(db: Executor, actor: Actor, perm: Permission, id: number) {
  const [row] = await db
    .select(columns)
    .from(orgs)
    .leftJoin(orgCategories, eq(orgCategories.id, orgs.categoryId))
    .where(and(eq(orgs.id, id), scopeSql(actor, perm, orgs.path)));
  return row ? present(row) : undefined;
}

/** Locks the row for a state change inside a transaction; scope is checked by the caller first. */
export async function lockOrg(tx: Executor, id: number) {
  const [row] = await tx.select().from(orgs).where(eq(orgs.id, id)).for('update');
  return row;
}

export async function listOrgs(db: Executor, actor: Actor, q: TOrgListQuery) {
  const conds: SQL[] = [scopeSql(actor, 'org.read', orgs.path)];
  if (q.parentId !== undefined) conds.push(eq(orgs.parentId, q.parentId));
  if (q.kind) conds.push(eq(orgs.kind, q.kind));
  if (q.categoryId) conds.push(eq(orgs.categoryId, q.categoryId));
  if (q.active !== undefined) conds.push(eq(orgs.active, q.active));
  if (q.q) {
    const text = q.q.toLowerCase();
    const byName = or(ilike(orgs.name, likeText(text)), ilike(orgs.shortName, likeText(text)));
    // Pinyin initials match from the start of either key: `qhsw` finds 清河市委.
    const byPinyin = /^[a-z]+$/.test(text)
      ? or(ilike(orgs.pinyin, `${text}%`), ilike(orgs.pinyin, `% ${text}%`))
      : undefined;
    conds.push(byPinyin ? or(byName, byPinyin)! : byName!);
  }
  const rows = await db
    .select({ ...columns, total: sql<number>`count(*) over()`.mapWith(Number) })
    .from(orgs)
    .leftJoin(orgCategories, eq(orgCategories.id, orgs.categoryId))
    .where(and(...conds))
    .orderBy(asc(orgs.depth), asc(orgs.sortOrder), asc(orgs.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const total = rows[0]?.total ?? (q.page > 1 ? await countOrgs(db, conds) : 0);
  return { items: rows.map(({ total: _t, ...r }) => present(r)), total };
}

async function countOrgs(db: Executor, conds: SQL[]) {
  const [r] = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(orgs)
    .where(and(...conds));
  return r?.n ?? 0;
}

/** The actor's scope roots as org rows. */
export async function orgsByPaths(db: Executor, paths: string[]) {
  if (paths.length === 0) return [];
  const rows = await db
    .select(columns)
    .from(orgs)
    .leftJoin(orgCategories, eq(orgCategories.id, orgs.categoryId))
    .where(
      sql`${orgs.path} = ANY(ARRAY[${sql.join(
        paths.map((p) => sql`${p}::ltree`),
        sql`, `,
      )}])`,
    )
    .orderBy(asc(orgs.depth), asc(orgs.sortOrder), asc(orgs.id));
  return rows.map(present);
}

/** Ancestors of a path (root first) that lie in the actor's read scope. */
export async function ancestorsInScope(db: Executor, actor: Actor, path: string) {
  return db
    .select({ id: orgs.id, name: orgs.name })
    .from(orgs)
    .where(
      and(
        sql`${orgs.path} @> ${path}::ltree`,
        sql`${orgs.path} <> ${path}::ltree`,
        scopeSql(actor, 'org.read', orgs.path),
      ),
    )
    .orderBy(asc(orgs.depth));
}

export async function insertOrg(
  tx: Executor,
  parent: { id: number; path: string; depth: number },
  values: Omit<typeof orgs.$inferInsert, 'path' | 'depth' | 'parentId'>,
) {
  const [row] = await tx
    .insert(orgs)
    .values({ ...values, parentId: parent.id, path: parent.path, depth: parent.depth + 1 })
    .returning({ id: orgs.id });
  await tx
    .update(orgs)
    .set({ path: sql`${parent.path}::ltree || ${String(row.id)}::ltree` })
    .where(eq(orgs.id, row.id));
  return row.id;
}

/** Inserts a root org (no parent): path is its own id. */
export async function insertRootOrg(
  tx: Executor,
  values: Omit<typeof orgs.$inferInsert, 'path' | 'depth' | 'parentId'>,
) {
  const [row] = await tx
    .insert(orgs)
    .values({ ...values, parentId: null, path: '0', depth: 0 })
    .returning({ id: orgs.id });
  await tx
    .update(orgs)
    .set({ path: String(row.id) })
    .where(eq(orgs.id, row.id));
  return row.id;
}

/** Rewrites the paths of a whole subtree in one statement: the ltree makes a move one UPDATE. */
export async function moveSubtree(
  tx: Executor,
  org: { id: number; path: string },
  parent: { id: number; path: string },
) {
  await tx
    .update(orgs)
    .set({
      path: sql`${parent.path}::ltree || subpath(${orgs.path}, nlevel(${org.path}::ltree) - 1)`,
      depth: sql`nlevel(${parent.path}::ltree || subpath(${orgs.path}, nlevel(${org.path}::ltree) - 1)) - 1`,
    })
    .where(sql`${orgs.path} <@ ${org.path}::ltree`);
  await tx
    .update(orgs)
    .set({ parentId: parent.id, version: sql`${orgs.version} + 1`, updatedAt: new Date() })
    .where(eq(orgs.id, org.id));
}

export async function activeChildCount(tx: Executor, id: number) {
  const [r] = await tx
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(orgs)
    .where(and(eq(orgs.parentId, id), eq(orgs.active, true)));
  return r?.n ?? 0;
}

export async function listCategories(db: Executor) {
  return db
    .select({
      id: orgCategories.id,
      code: orgCategories.code,
      name: orgCategories.name,
      level: orgCategories.level,
      sector: orgCategories.sector,
    })
    .from(orgCategories)
    .orderBy(asc(orgCategories.sortOrder), asc(orgCategories.id));
}
