import { and, asc, eq, ilike, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { scopeSql, type Actor } from '../../platform/access/access.js';
import { users } from '../../platform/auth/auth.table.js';
import { likeText } from '../orgs/orgs.repo.js';
import { orgs } from '../orgs/orgs.table.js';
import type { TPersonListQuery } from './people.schemas.js';
import { people } from './people.table.js';

const columns = {
  id: people.id,
  orgId: people.orgId,
  orgName: orgs.name,
  orgPath: orgs.path,
  name: people.name,
  gender: people.gender,
  position: people.position,
  politicalStatus: people.politicalStatus,
  phone: people.phone,
  userId: people.userId,
  username: users.username,
  active: people.active,
  version: people.version,
  createdAt: people.createdAt,
  updatedAt: people.updatedAt,
};

export type PersonRow = Awaited<ReturnType<typeof findPerson>> & object;

export async function findPerson(db: Executor, actor: Actor, id: number) {
  const [row] = await db
    .select(columns)
    .from(people)
    .innerJoin(orgs, eq(orgs.id, people.orgId))
    .leftJoin(users, eq(users.id, people.userId))
    .where(and(eq(people.id, id), scopeSql(actor, 'person.read', orgs.path)));
  return row;
}

/** Several people by id (a batch just inserted), in the actor's scope. */
export async function findPeople(db: Executor, actor: Actor, ids: number[]) {
  return db
    .select(columns)
    .from(people)
    .innerJoin(orgs, eq(orgs.id, people.orgId))
    .leftJoin(users, eq(users.id, people.userId))
    .where(
      and(sql`${people.id} = any(${`{${ids.join(',')}}`}::int[])`, scopeSql(actor, 'person.read', orgs.path)),
    );
}

export async function listPeople(db: Executor, actor: Actor, q: TPersonListQuery, orgPath?: string) {
  const conds: SQL[] = [scopeSql(actor, 'person.read', orgs.path)];
  if (q.orgId !== undefined) {
    conds.push(
      q.subtree === false ? eq(people.orgId, q.orgId) : sql`${orgs.path} <@ ${orgPath ?? ''}::ltree`,
    );
  }
  if (q.q) conds.push(ilike(people.name, likeText(q.q)));
  if (q.politicalStatus) conds.push(eq(people.politicalStatus, q.politicalStatus));
  if (q.active !== undefined) conds.push(eq(people.active, q.active));
  const rows = await db
    .select({ ...columns, total: sql<number>`count(*) over()`.mapWith(Number) })
    .from(people)
    .innerJoin(orgs, eq(orgs.id, people.orgId))
    .leftJoin(users, eq(users.id, people.userId))
    .where(and(...conds))
    .orderBy(asc(orgs.path), asc(people.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  let total = rows[0]?.total ?? 0;
  if (!rows.length && q.page > 1) {
    const [c] = await db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(people)
      .innerJoin(orgs, eq(orgs.id, people.orgId))
      .where(and(...conds));
    total = c?.n ?? 0;
  }
  return { rows: rows.map(({ total: _t, ...r }) => r), total };
}

export async function lockPerson(tx: Executor, id: number) {
  const [row] = await tx.select().from(people).where(eq(people.id, id)).for('update');
  return row;
}
