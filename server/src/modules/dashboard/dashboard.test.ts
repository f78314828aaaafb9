import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../test/app.js';
import { demoFixture } from '../problems/problems.fixture.js';
import type { TDashboard } from './dashboard.schemas.js';
import { verifyRollups } from './rollup.verify.js';

let t: TestApp;
let f: Awaited<ReturnType<typeof demoFixture>>;
beforeAll(async () => {
  t = await makeTestApp({ demo: true });
  f = await demoFixture(t);
}, 600_000);
afterAll(() => t.close());

type List = { total: number; counts: { status: Record<string, number>; light: Record<string, number> } };
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

describe('GET /api/v1/dashboard', () => {
  it('the demo city, seeded through the app, leaves every counter exact', async () => {
    expect(await verifyRollups(t.db)).toEqual([]);
  });

  it('answers the subtree from the counters, equal to the ledger counts computed row by row', async () => {
    for (const orgId of [undefined, f.ids.district, f.ids.branch]) {
      const qs = orgId ? `?orgId=${orgId}` : '';
      const d = await f.get<TDashboard>(f.s.city, `/api/v1/dashboard${qs}`);
      expect(d.status).toBe(200);
      const list = await f.get<List>(f.s.city, `/api/v1/problems${qs}`);
      const p = d.body.problems!;
      expect(p.total).toBe(Object.values(list.body.counts.status).reduce((a, b) => a + b, 0));
      const lights = Object.fromEntries(Object.entries(p.light).filter(([, n]) => n > 0));
      expect(lights).toEqual(list.body.counts.light);
      for (const [s, row] of Object.entries(p.byStatus)) {
        expect(row.total).toBe(list.body.counts.status[s]);
        expect(row.red + row.yellow + row.blue + row.green + row.none).toBe(row.total);
      }
      expect(d.body.assignments).not.toBeNull();
    }
  });

  it('follows a write at once: a new problem at a branch counts at its district', async () => {
    const url = `/api/v1/dashboard?orgId=${f.ids.district}&campaignId=${f.ids.campaign}`;
    const before = (await f.get<TDashboard>(f.s.city, url)).body.problems!;
    const r = await f.send(f.s.city, 'POST', '/api/v1/problems', {
      campaignId: f.ids.campaign,
      orgId: f.ids.branch,
      title: '会议记录不全',
      category: '组织建设',
      source: 'self',
      deadline: inDays(3),
      open: true,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const after = (await f.get<TDashboard>(f.s.city, url)).body.problems!;
    expect(after.total).toBe(before.total + 1);
    expect(after.light.blue).toBe(before.light.blue + 1);
    expect(await verifyRollups(t.db)).toEqual([]);
  });

  it('hides a unit outside the caller’s scope and names a bad parameter', async () => {
    expect((await f.get(f.s.district, `/api/v1/dashboard?orgId=${f.ids.xicheng}`)).status).toBe(404);
    expect((await f.get(f.s.district, `/api/v1/dashboard?orgId=999999`)).status).toBe(404);
    const bad = await f.get(f.s.city, '/api/v1/dashboard?orgId=abc');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('orgId');
    const own = await f.get<TDashboard>(f.s.district, '/api/v1/dashboard');
    expect(own.status).toBe(200);
    expect(own.body.org.id).toBe(f.ids.district);
  });
});
