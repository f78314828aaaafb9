import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../test/app.js';
import { demoFixture } from '../problems/problems.fixture.js';
import type { TDashboard, TDashboardChildren } from './dashboard.schemas.js';
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

describe('GET /api/v1/dashboard/children', () => {
  type Orgs = { items: { id: number; name: string; active: boolean }[] };

  it('gives each active child unit the figures its own dashboard gives, in one answer', async () => {
    for (const [who, qs] of [
      [f.s.city, ''],
      [f.s.city, `?orgId=${f.ids.district}&campaignId=${f.ids.campaign}`],
      [f.s.district, ''],
    ] as const) {
      const r = await f.get<TDashboardChildren>(who, `/api/v1/dashboard/children${qs}`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      const own = await f.get<TDashboard>(who, `/api/v1/dashboard${qs}`);
      expect(r.body.org).toEqual(own.body.org);
      const kids = await f.get<Orgs>(f.s.city, `/api/v1/orgs/${r.body.org.id}/children?pageSize=200`);
      const active = kids.body.items.filter((o) => o.active);
      const byId = (a: number, b: number) => a - b;
      expect(r.body.children.map((c) => c.org.id).sort(byId)).toEqual(active.map((o) => o.id).sort(byId));
      expect(r.body.children.length).toBeGreaterThan(0);
      const campaign = new URLSearchParams(qs).get('campaignId');
      for (const c of r.body.children) {
        const d = await f.get<TDashboard>(
          who,
          `/api/v1/dashboard?orgId=${c.org.id}${campaign ? `&campaignId=${campaign}` : ''}`,
        );
        expect({ problems: c.problems, assignments: c.assignments, opinions: c.opinions }).toEqual({
          problems: d.body.problems,
          assignments: d.body.assignments,
          opinions: d.body.opinions,
        });
      }
      // the children's problems add up to at most the whole subtree (the rest sit at the org itself)
      const sum = r.body.children.reduce((n, c) => n + c.problems!.total, 0);
      expect(sum).toBeLessThanOrEqual(own.body.problems!.total);
    }
  });

  it('shows some figures under the district (the demo city is not empty there)', async () => {
    const r = await f.get<TDashboardChildren>(f.s.city, `/api/v1/dashboard/children`);
    const district = r.body.children.find((c) => c.org.id === f.ids.district)!;
    expect(district.problems!.total).toBeGreaterThan(0);
    expect(district.org.childCount).toBeGreaterThan(0);
  });

  it('leads up only through ancestors the caller may open', async () => {
    const city = await f.get<TDashboardChildren>(
      f.s.city,
      `/api/v1/dashboard/children?orgId=${f.ids.branch}`,
    );
    const cityRoot = (await f.get<TDashboard>(f.s.city, '/api/v1/dashboard')).body.org;
    expect(city.body.ancestors[0]).toEqual({ id: cityRoot.id, name: cityRoot.name });
    expect(city.body.ancestors.map((a) => a.id)).toContain(f.ids.district);
    const district = await f.get<TDashboardChildren>(
      f.s.district,
      `/api/v1/dashboard/children?orgId=${f.ids.branch}`,
    );
    expect(district.status).toBe(200);
    expect(district.body.ancestors.map((a) => a.id)).toEqual(
      city.body.ancestors.map((a) => a.id).filter((id) => id !== cityRoot.id),
    );
    expect(JSON.stringify(district.body)).not.toContain(cityRoot.name);
  });

  it('answers 404 outside the caller’s scope, null for a part it may not read, and names a bad parameter', async () => {
    const cityRoot = (await f.get<TDashboard>(f.s.city, '/api/v1/dashboard')).body.org;
    for (const orgId of [f.ids.xicheng, cityRoot.id, 999999]) {
      const r = await f.get(f.s.district, `/api/v1/dashboard/children?orgId=${orgId}`);
      expect(r.status, String(orgId)).toBe(404);
      expect(JSON.stringify(r.body)).not.toContain('西城');
    }
    const bad = await f.get(f.s.city, '/api/v1/dashboard/children?orgId=-1');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('orgId');
    const badCampaign = await f.get(f.s.city, '/api/v1/dashboard/children?campaignId=x');
    expect(badCampaign.status).toBe(400);
    expect(JSON.stringify(badCampaign.body)).toContain('campaignId');
    // a branch member reads problems and assignments, not the opinions
    const member = await f.get<TDashboardChildren>(
      f.s.member,
      `/api/v1/dashboard/children?orgId=${f.ids.district}`,
    );
    expect(member.status).toBe(404);
    const own = await f.get<TDashboard>(f.s.member, '/api/v1/dashboard');
    expect(own.body.problems).not.toBeNull();
    expect(own.body.opinions).toBeNull();
  });
});
