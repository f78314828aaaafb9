import { and, asc, eq, ilike, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { jsonParam } from '../../db/json-param.js';
import { scopeSql, type Actor } from '../../platform/access/access.js';
import { users } from '../../platform/auth/auth.table.js';
import { likeText } from '../orgs/orgs.repo.js';
import { orgs } from '../orgs/orgs.table.js';
import type { TPersonCreate, TPersonListQuery } from './people.schemas.js';
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

/** Names and paths of the given orgs (the ids come from a caller that has checked access to them). */
export async function orgLabels(db: Executor, ids: number[]) {
  return db
    .select({ id: orgs.id, name: orgs.name, path: orgs.path })
    .from(orgs)
    .where(sql`${orgs.id} = any(${`{${ids.join(',')}}`}::int[])`);
}

/**
 * Inserts people in the given order and returns their rows: the values sent, and what the database set (id,
 * defaults, stamps). The rows travel as one JSON parameter read by json_to_recordset (a VALUES list costs 6
 * bind parameters a person to build and parse; json is only checked at bind, where jsonb would be built
 * whole). What the database set comes back aggregated: the ids as one array, and the defaults and stamps once,
 * checked to be the same on every row (they are: column defaults and the transaction's now()), not 6 fields a
 * row to parse. Starts at once: the result is a plain Promise.
 */
export function insertPeople(db: Executor, rows: TPersonCreate[]) {
  return Promise.resolve(
    db.execute(sql`
      with inserted as (
        insert into ${people} (org_id, name, gender, position, political_status, phone)
        select r."orgId", r.name, r.gender, r.position, r."politicalStatus", r.phone
        from rows from (json_to_recordset(${jsonParam(rows)}::json) as ("orgId" int, name text, gender text,
          position text, "politicalStatus" text, phone text))
          with ordinality as r("orgId", name, gender, position, "politicalStatus", phone, n)
        order by n
        returning id, user_id, active, version, created_at, updated_at)
      select array_agg(id order by id) as ids,
        count(distinct (user_id, active, version, created_at, updated_at))::int as variants,
        min(user_id) as "userId", bool_and(active) as active, min(version) as version,
        min(created_at) as "createdAt", min(updated_at) as "updatedAt"
      from inserted`),
  ).then(({ rows: out }) => {
    const set = out[0] as unknown as DatabaseSet;
    // identity values are drawn in the order rows are inserted, which is the order of n: sorted ids are that order
    const ids = set.ids ?? [];
    if (ids.length !== rows.length) throw new Error(`inserted ${ids.length} of ${rows.length} people`);
    if (set.variants !== 1) throw new Error('inserted people differ in their defaults');
    // a raw query leaves timestamptz as the driver gives it; drizzle maps it with new Date too
    const createdAt = new Date(set.createdAt as string | Date);
    const updatedAt = new Date(set.updatedAt as string | Date);
    return rows.map((p, i) => ({
      id: Number(ids[i]),
      orgId: p.orgId,
      name: p.name,
      gender: p.gender,
      position: p.position ?? null,
      politicalStatus: p.politicalStatus,
      phone: p.phone ?? null,
      userId: set.userId,
      active: set.active,
      version: set.version,
      createdAt,
      updatedAt,
    }));
  });
}

interface DatabaseSet {
  ids: (number | string)[] | null;
  variants: number;
  userId: number | null;
  active: boolean;
  version: number;
  createdAt: unknown;
  updatedAt: unknown;
}
