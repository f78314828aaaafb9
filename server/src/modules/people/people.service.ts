import { eq, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client.js';
import { jsonParam } from '../../db/json-param.js';
import { can, requireAt, requireVisible } from '../../platform/access/access.js';
import { recordAudit, recordAudits } from '../../platform/audit/audit.js';
import type { Ctx } from '../../platform/context.js';
import { AppError, notFound, versionConflict } from '../../platform/errors.js';
import { maskPhone } from '../../platform/masking.js';
import { getOrg } from '../orgs/orgs.service.js';
import * as repo from './people.repo.js';
import type { TPerson, TPersonCreate, TPersonListQuery, TPersonUpdate } from './people.schemas.js';
import { people } from './people.table.js';

type Row = NonNullable<Awaited<ReturnType<typeof repo.findPerson>>>;

/** The one presenter for a person: phone in clear only for those with person.phone over the person's org. */
export function presentPerson(ctx: Ctx, r: Row): TPerson {
  const clear = can(ctx.actor, 'person.phone', r.orgPath);
  const { orgPath: _p, ...rest } = r;
  return {
    ...rest,
    phone: clear ? r.phone : maskPhone(r.phone),
    phoneMasked: !clear && Boolean(r.phone),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export async function listPeople(db: Db, ctx: Ctx, q: TPersonListQuery) {
  let orgPath: string | undefined;
  if (q.orgId !== undefined) orgPath = (await getOrg(db, ctx, q.orgId)).path;
  const { rows, total } = await repo.listPeople(db, ctx.actor, q, orgPath);
  return { items: rows.map((r) => presentPerson(ctx, r)), total };
}

export async function getPerson(db: Executor, ctx: Ctx, id: number) {
  const row = await repo.findPerson(db, ctx.actor, id);
  if (!row) throw notFound();
  return presentPerson(ctx, row);
}

async function writableOrg(tx: Executor, ctx: Ctx, orgId: number) {
  const org = await getOrg(tx, ctx, orgId).catch(() => {
    throw new AppError('NOT_FOUND', 404, {}, [{ field: 'orgId', message: '所在单位不存在或无权访问' }]);
  });
  requireAt(ctx.actor, 'person.write', org.path);
  if (!org.active)
    throw new AppError('ORG_INACTIVE_PARENT', 400, {}, [{ field: 'orgId', message: '所在单位已撤销' }]);
  return org;
}

export async function createPersonIn(tx: Executor, ctx: Ctx, input: TPersonCreate) {
  await writableOrg(tx, ctx, input.orgId);
  const [row] = await tx
    .insert(people)
    .values({ ...input, phone: input.phone ?? null, position: input.position ?? null })
    .returning({ id: people.id });
  const created = await getPerson(tx, ctx, row.id);
  await recordAudit(tx, ctx, {
    action: 'person.create',
    entityType: 'person',
    entityId: row.id,
    orgId: input.orgId,
    after: created,
  });
  return created;
}

/**
 * Creates many people in one transaction, 1,000 rows to an INSERT, each audited as person.create with the
 * same record as createPersonIn. The caller has checked every org is active and writable (the import's plan).
 */
export async function createPeopleIn(tx: Executor, ctx: Ctx, inputs: TPersonCreate[]) {
  for (let i = 0; i < inputs.length; i += 1000) {
    const part = inputs.slice(i, i + 1000).map((p) => ({
      orgId: p.orgId,
      name: p.name,
      gender: p.gender,
      position: p.position ?? null,
      politicalStatus: p.politicalStatus,
      phone: p.phone ?? null,
    }));
    // one JSON parameter rather than a VALUES list of 6 bind parameters a person (see recordAudits)
    const { rows } = await tx.execute(sql`
      insert into ${people} (org_id, name, gender, position, political_status, phone)
      select (v->>'orgId')::int, v->>'name', v->>'gender', v->>'position', v->>'politicalStatus', v->>'phone'
      from jsonb_array_elements(${jsonParam(part)}::jsonb) with ordinality as e(v, n)
      order by n
      returning id, org_id as "orgId"`);
    const inserted = rows as { id: number; orgId: number }[];
    const byId = new Map(
      (
        await repo.findPeople(
          tx,
          ctx.actor,
          inserted.map((r) => r.id),
        )
      ).map((r) => [r.id, r]),
    );
    await recordAudits(
      tx,
      ctx,
      inserted.map(({ id, orgId }) => ({
        action: 'person.create',
        entityType: 'person',
        entityId: id,
        orgId,
        after: presentPerson(ctx, byId.get(id)!),
      })),
    );
  }
}

export const createPerson = (db: Db, ctx: Ctx, input: TPersonCreate) =>
  db.transaction((tx) => createPersonIn(tx, ctx, input));

async function prepareChange(tx: Executor, ctx: Ctx, id: number, version: number) {
  const visible = await repo.findPerson(tx, ctx.actor, id);
  requireVisible(ctx.actor, 'person.read', visible?.orgPath);
  requireAt(ctx.actor, 'person.write', visible!.orgPath);
  const row = await repo.lockPerson(tx, id);
  if (!row) throw notFound();
  if (row.version !== version) throw versionConflict();
  return row;
}

export async function updatePerson(db: Db, ctx: Ctx, id: number, input: TPersonUpdate) {
  return db.transaction(async (tx) => {
    const row = await prepareChange(tx, ctx, id, input.version);
    if (input.orgId !== undefined && input.orgId !== row.orgId) await writableOrg(tx, ctx, input.orgId);
    const { version: _v, ...changes } = input;
    await tx
      .update(people)
      .set({ ...changes, version: sql`${people.version} + 1`, updatedAt: new Date() })
      .where(eq(people.id, id));
    const after = await getPerson(tx, ctx, id);
    await recordAudit(tx, ctx, {
      action: 'person.update',
      entityType: 'person',
      entityId: id,
      orgId: after.orgId,
      before: row,
      after: changes,
    });
    return after;
  });
}

export async function deactivatePerson(
  db: Db,
  ctx: Ctx,
  id: number,
  input: { version: number; reason?: string | null },
) {
  return db.transaction(async (tx) => {
    const row = await prepareChange(tx, ctx, id, input.version);
    await tx
      .update(people)
      .set({ active: false, version: sql`${people.version} + 1`, updatedAt: new Date() })
      .where(eq(people.id, id));
    await recordAudit(tx, ctx, {
      action: 'person.deactivate',
      entityType: 'person',
      entityId: id,
      orgId: row.orgId,
      after: { active: false, reason: input.reason ?? null },
    });
    return getPerson(tx, ctx, id);
  });
}
