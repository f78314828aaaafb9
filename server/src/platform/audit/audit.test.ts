import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.js';
import { openTestDatabase, type TestDatabase } from '../../test/db.js';
import { systemCtx } from '../context.js';
import { canonicalJson, eventHash, GENESIS, recordAudit, recordAudits, verifyAuditChain } from './audit.js';
import { auditEvents } from './audit.table.js';

let tdb: TestDatabase;
let database: Database;

beforeAll(async () => {
  tdb = await openTestDatabase();
  database = tdb.database;
});
afterAll(() => tdb.close());

describe('canonical JSON', () => {
  it('is independent of key order and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"x":1,"y":2}]},"b":1}',
    );
  });
  it('chains: a different previous hash gives a different hash', () => {
    const e = {
      at: '2026-01-01T00:00:00.000Z',
      actorId: 1,
      actorName: 'a',
      action: 'x',
      entityType: 't',
      entityId: '1',
      orgId: null,
      before: null,
      after: null,
      requestId: null,
      ip: null,
    };
    expect(eventHash(GENESIS, e)).not.toBe(eventHash('f'.repeat(64), e));
  });
});

describe('audit chain in the database', () => {
  it('verifies an untouched chain and finds the first tampered event', async () => {
    const ctx = systemCtx('test');
    for (let i = 0; i < 5; i++) {
      await database.db.transaction((tx) =>
        recordAudit(tx, ctx, {
          action: 'org.update',
          entityType: 'org',
          entityId: i,
          before: { name: `旧名${i}`, phone: '13800001111' },
          after: { name: `新名${i}`, nested: { z: 1, a: [1, 2] } },
        }),
      );
    }
    expect(await verifyAuditChain(database.db)).toEqual({ ok: true, checked: 5 });
    const rows = await database.db.select().from(auditEvents).orderBy(auditEvents.id);
    // Secrets never reach the log.
    expect(JSON.stringify(rows)).not.toContain('13800001111');
    const third = rows[2];
    await database.db
      .update(auditEvents)
      .set({ after: sql`jsonb_set(${auditEvents.after}, '{name}', '"篡改"')` })
      .where(eq(auditEvents.id, third.id));
    const r = await verifyAuditChain(database.db);
    expect(r.ok).toBe(false);
    expect(r.brokenAt).toBe(third.id);
    expect(r.checked).toBe(2);
  });

  it('appends a batch in order, nulls as NULL, odd text intact, and the chain still verifies', async () => {
    const ctx = systemCtx('batch');
    const names = ['𠮷野家 😀', 'quote " back \\ slash', 'lone \ud800 surrogate', '换行\n制表\t'];
    await database.db.transaction((tx) =>
      recordAudits(
        tx,
        ctx,
        names.map((name, i) => ({
          action: 'person.create',
          entityType: 'person',
          entityId: i === 0 ? null : i,
          orgId: i === 1 ? null : 7,
          before: i === 2 ? { name } : undefined,
          after: { name, list: [i, { z: null }] },
        })),
      ),
    );
    const rows = await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.requestId, 'batch'))
      .orderBy(auditEvents.id);
    expect(rows.map((r) => (r.after as { name: string }).name)).toEqual(
      names.map((n) => n.replace('\ud800', '\ufffd')),
    );
    expect(rows.map((r) => [r.entityId, r.orgId, r.before === null])).toEqual([
      [null, 7, true],
      ['1', null, true],
      ['2', 7, false],
      ['3', 7, true],
    ]);
    // each stored event hashes to its stored hash, as verifyAuditChain recomputes it, and links to the last
    const rehash = rows.map(({ id: _id, prevHash, hash: _hash, ...fields }) => eventHash(prevHash, fields));
    expect(rehash).toEqual(rows.map((r) => r.hash));
    expect(rows.slice(1).map((r) => r.prevHash)).toEqual(rows.slice(0, -1).map((r) => r.hash));
  });
});

describe('what an event stores', () => {
  it('is the value as JSON writes it, secrets masked, hashed as the verifier recomputes it', async () => {
    const ctx = systemCtx('kinds');
    const at = new Date('2026-03-04T05:06:07.089Z');
    const values: unknown[] = [
      {
        when: at,
        n: [1, -0, 1.5e300, NaN, Infinity],
        skip: undefined,
        fn: () => 1,
        list: [undefined, () => 1],
      },
      { phone: '13900001111', password: null, nested: { csrfToken: 'x', passwordHash: undefined, z: true } },
      { toJSON: () => ({ b: 2, a: 1 }) },
      [at, '文本', { 'lone \udc00 key': 1 }],
      'plain text',
      42,
    ];
    await database.db.transaction((tx) =>
      recordAudits(
        tx,
        ctx,
        values.map((after, i) => ({ action: 'x.kind', entityType: 'kind', entityId: i, after })),
      ),
    );
    const rows = await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.requestId, 'kinds'))
      .orderBy(auditEvents.id);
    expect(rows.map((r) => r.after)).toEqual([
      { when: '2026-03-04T05:06:07.089Z', n: [1, 0, 1.5e300, null, null], list: [null, null] },
      { phone: '***', password: null, nested: { csrfToken: '***', z: true } },
      { a: 1, b: 2 },
      ['2026-03-04T05:06:07.089Z', '文本', { 'lone \ufffd key': 1 }],
      'plain text',
      42,
    ]);
    const rehash = rows.map(({ id: _id, prevHash, hash: _hash, ...fields }) => eventHash(prevHash, fields));
    expect(rehash).toEqual(rows.map((r) => r.hash));
    // (the chain as a whole was tampered with above; these events link up)
    expect(rows.slice(1).map((r) => r.prevHash)).toEqual(rows.slice(0, -1).map((r) => r.hash));
  });

  it('writes objects sharing a key list the same whatever the order their keys were set in', async () => {
    const ctx = systemCtx('shapes');
    const first = new Date('2026-03-04T05:06:07.089Z');
    const second = new Date('2026-05-06T07:08:09.010Z');
    const values: unknown[] = [
      { b: 1, phone: '13900001111', a: { y: first, x: 2 } },
      { a: { x: 2, y: first }, phone: null, b: 1 },
      { phone: '13900002222', b: 2, a: { y: second, x: 3 } },
      { b: 3, phone: '13900003333', a: { y: second, x: 4 } },
    ];
    await database.db.transaction((tx) =>
      recordAudits(
        tx,
        ctx,
        values.map((after, i) => ({ action: 'x.shape', entityType: 'shape', entityId: i, after })),
      ),
    );
    const rows = await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.requestId, 'shapes'))
      .orderBy(auditEvents.id);
    expect(rows.map((r) => r.after)).toEqual([
      { a: { x: 2, y: '2026-03-04T05:06:07.089Z' }, b: 1, phone: '***' },
      { a: { x: 2, y: '2026-03-04T05:06:07.089Z' }, b: 1, phone: null },
      { a: { x: 3, y: '2026-05-06T07:08:09.010Z' }, b: 2, phone: '***' },
      { a: { x: 4, y: '2026-05-06T07:08:09.010Z' }, b: 3, phone: '***' },
    ]);
    const rehash = rows.map(({ id: _id, prevHash, hash: _hash, ...fields }) => eventHash(prevHash, fields));
    expect(rehash).toEqual(rows.map((r) => r.hash));
  });
});
