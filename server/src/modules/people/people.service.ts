import { eq, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client.js';
import { can, requireAt, requireVisible } from '../../platform/access/access.js';
import { openAuditChain, recordAudit } from '../../platform/audit/audit.js';
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

const BATCH = 5000;

/**
 * Creates many people in one transaction, 5,000 rows to an INSERT, each audited as person.create with the
 * same record as createPersonIn (built from the INSERT's RETURNING and the orgs' names: no read back). The
 * next batch's INSERT is sent before this batch's audit events are hashed, so node and the database work at
 * once. The caller has checked every org is active and writable (the import's plan).
 */
export async function createPeopleIn(tx: Executor, ctx: Ctx, inputs: TPersonCreate[]) {
  if (inputs.length === 0) return;
  const orgsById = new Map(
    (await repo.orgLabels(tx, [...new Set(inputs.map((p) => p.orgId))])).map((o) => [o.id, o]),
  );
  const chain = await openAuditChain(tx, ctx);
  const insert = (from: number) => {
    const sent = repo.insertPeople(tx, inputs.slice(from, from + BATCH));
    sent.catch(() => undefined); // awaited in the next turn; a failure meanwhile is not "unhandled"
    return sent;
  };
  let next = insert(0);
  for (let i = 0; i < inputs.length; i += BATCH) {
    const inserted = await next;
    if (i + BATCH < inputs.length) next = insert(i + BATCH);
    await chain.append(
      inserted.map((r) => {
        const org = orgsById.get(r.orgId)!;
        return {
          action: 'person.create',
          entityType: 'person',
          entityId: r.id,
          orgId: r.orgId,
          after: presentPerson(
            ctx,
            Object.assign(r, { orgName: org.name, orgPath: org.path, username: null }),
          ),
        };
      }),
    );
  }
  await chain.done();
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
