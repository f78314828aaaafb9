import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, makeTestApp, type Session, type TestApp } from './app.js';

/**
 * Two users act on the same record at the same moment with the same version: exactly one succeeds and the
 * other gets 409, on whichever database the suite runs on; concurrent decompositions keep roll-ups exact.
 */
let t: TestApp;
let city: Session;
let district: Session;
let district2: Session;
const ROUNDS = 6;
type Json = Record<string, unknown> & { id: number; version: number };
const ids = { campaign: 0, city: 0, dc: 0 };

async function call(s: Session, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) {
  const res = await t.app.inject({
    method,
    url,
    payload,
    headers: method === 'GET' ? { cookie: s.cookie } : s.headers,
  });
  return { status: res.statusCode, body: res.json() as Json & { items: Json[] } };
}
const findOrg = async (name: string) =>
  (await call(city, 'GET', `/api/v1/orgs?q=${encodeURIComponent(name)}`)).body.items[0].id;

beforeAll(async () => {
  t = await makeTestApp({ demo: true });
  city = await t.login('city_admin');
  district = await t.login('district_admin');
  ids.campaign = (await call(city, 'GET', '/api/v1/campaigns')).body.items[0].id;
  ids.city = await findOrg('中共清河市委员会');
  ids.dc = await findOrg('中共清河市东城区委员会');
  const second = await buildUser(t.db, { role: 'unit_admin', orgId: ids.dc, username: 'dc_admin_2' });
  district2 = await t.login(second.username);
});
afterAll(() => t?.close());

/** Statuses of two simultaneous requests, sorted. */
async function race(a: () => Promise<{ status: number }>, b: () => Promise<{ status: number }>) {
  const [x, y] = await Promise.all([a(), b()]);
  return [x.status, y.status].sort((m, n) => m - n);
}

describe('two users, one record, one version', () => {
  it('orgs PATCH: one 200, one 409', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const made = await call(city, 'POST', '/api/v1/orgs', {
        parentId: ids.dc,
        name: `并发测试支部${i}`,
        kind: 'branch',
      });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      const url = `/api/v1/orgs/${made.body.id}`;
      const v = made.body.version;
      const statuses = await race(
        () => call(city, 'PATCH', url, { version: v, name: `并发改名甲${i}` }),
        () => call(district, 'PATCH', url, { version: v, name: `并发改名乙${i}` }),
      );
      expect(statuses).toEqual([200, 409]);
      const after = (await call(city, 'GET', url)).body;
      expect(after.version).toBe(v + 1);
      expect(String(after.name)).toMatch(/^并发改名[甲乙]/);
    }
  });

  it('assignment acknowledge and decompose: one wins, the other 409; roll-ups exact', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const task = await call(city, 'POST', '/api/v1/tasks', {
        campaignId: ids.campaign,
        issuingOrgId: ids.city,
        title: `并发督办${i}`,
        deadline: '2099-12-31',
        targets: { mode: 'orgs', orgIds: [ids.dc] },
      });
      expect(task.status, JSON.stringify(task.body)).toBe(201);
      const tree = (await call(district, 'GET', `/api/v1/tasks/${task.body.id}/tree`))
        .body as unknown as Json[];
      const a = tree[0];
      const url = `/api/v1/assignments/${a.id}`;
      const acks = await race(
        () => call(district, 'POST', `${url}/acknowledge`, { version: a.version }),
        () => call(district2, 'POST', `${url}/acknowledge`, { version: a.version }),
      );
      expect(acks).toEqual([200, 409]);
      const acked = (await call(district, 'GET', url)).body;
      expect(acked.status).toBe('acknowledged');
      const decomposes = await race(
        () => call(district, 'POST', `${url}/decompose`, { version: acked.version, allChildren: true }),
        () => call(district2, 'POST', `${url}/decompose`, { version: acked.version, allChildren: true }),
      );
      expect(decomposes[1]).toBe(409);
      expect(decomposes[0]).toBeLessThan(300);
      // Each child got exactly one assignment, and the roll-up on the decomposed one counts exactly them.
      const kids = (await call(city, 'GET', `/api/v1/tasks/${task.body.id}/tree?parentId=${a.id}`))
        .body as unknown as Json[];
      const orgIds = kids.map((n) => n.orgId);
      expect(kids.length).toBeGreaterThan(0);
      expect(new Set(orgIds).size, 'one assignment per org').toBe(orgIds.length);
      const top = (await call(city, 'GET', `/api/v1/tasks/${task.body.id}/tree`)).body as unknown as (Json & {
        subtree: { total: number };
      })[];
      const total = top.find((n) => n.id === a.id)?.subtree.total ?? -1;
      expect([kids.length, kids.length + 1], JSON.stringify(top)).toContain(total);
    }
  });
});
