import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../platform/audit/audit.table.js';
import { makeTestApp, type TestApp } from '../../test/app.js';
import { demoFixture } from './problems.fixture.js';

let t: TestApp;
let f: Awaited<ReturnType<typeof demoFixture>>;
beforeAll(async () => {
  t = await makeTestApp({ demo: true });
  f = await demoFixture(t);
});
afterAll(() => t.close());

type Settings = {
  campaignId: number;
  warnDays: number;
  reportDays: number;
  version: number;
  canManage: boolean;
};
const url = () => `/api/v1/campaigns/${f.ids.campaign}/ledger-settings`;
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

describe('ledger light thresholds (台账设置)', () => {
  it('are read by every unit in the campaign and set only by the campaign office', async () => {
    const byDistrict = await f.get<Settings>(f.s.district, url());
    expect(byDistrict.status).toBe(200);
    expect(byDistrict.body).toMatchObject({ campaignId: f.ids.campaign, canManage: false });
    expect(byDistrict.body.warnDays).toBeGreaterThan(0);
    const byCity = (await f.get<Settings>(f.s.city, url())).body;
    expect(byCity.canManage).toBe(true);
    const refused = await f.send(f.s.district, 'PUT', url(), {
      warnDays: 3,
      reportDays: 5,
      version: byCity.version,
    });
    expect(refused.status).toBe(403);
    expect((await f.get<Settings>(f.s.city, url())).body.warnDays).toBe(byCity.warnDays);
    const missing = await f.get(f.s.city, '/api/v1/campaigns/999999/ledger-settings');
    expect(missing.status).toBe(404);
  });

  it('rejects bad values naming the field, and stale versions', async () => {
    const cur = (await f.get<Settings>(f.s.city, url())).body;
    for (const [body, field] of [
      [{ warnDays: 0, reportDays: 14 }, 'warnDays'],
      [{ warnDays: 91, reportDays: 14 }, 'warnDays'],
      [{ warnDays: 2.5, reportDays: 14 }, 'warnDays'],
      [{ warnDays: 7, reportDays: 181 }, 'reportDays'],
      [{ warnDays: 7, reportDays: '十四' }, 'reportDays'],
    ] as const) {
      const r = await f.send(f.s.city, 'PUT', url(), { ...body, version: cur.version });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.fields?.map((x) => x.field)).toEqual([field]);
      expect(r.body.fields?.[0].message).toMatch(/天|整数/);
    }
    const stale = await f.send(f.s.city, 'PUT', url(), {
      warnDays: 7,
      reportDays: 14,
      version: cur.version + 5,
    });
    expect([stale.status, stale.body.code]).toEqual([409, 'CONFLICT_VERSION']);
  });

  it('change the lights at once, and the change is audited', async () => {
    const created = await f.send(f.s.city, 'POST', '/api/v1/problems', {
      campaignId: f.ids.campaign,
      orgId: f.ids.branch,
      title: '阈值测试问题',
      category: '工作效率',
      source: 'self',
      deadline: inDays(20),
      open: true,
    });
    expect(created.status).toBe(201);
    const light = async () => (await f.get(f.s.city, `/api/v1/problems/${created.body.id}`)).body.light;
    const cur = (await f.get<Settings>(f.s.city, url())).body;
    const set = async (warnDays: number, reportDays: number, version: number) => {
      const r = await f.send<Settings>(f.s.city, 'PUT', url(), { warnDays, reportDays, version });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body;
    };
    const narrow = await set(7, 14, cur.version);
    expect(narrow.version).toBe(cur.version + 1);
    expect(await light()).toBe('green');
    const wide = await set(30, 14, narrow.version);
    expect([wide.warnDays, wide.reportDays]).toEqual([30, 14]);
    expect(await light()).toBe('blue');
    const [event] = await t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'problem_ledger.settings'))
      .orderBy(desc(auditEvents.id))
      .limit(1);
    expect(event).toMatchObject({
      entityType: 'campaign',
      entityId: String(f.ids.campaign),
      before: { warnDays: 7, reportDays: 14 },
      after: { warnDays: 30, reportDays: 14 },
    });
    await set(7, 14, wide.version);
  });
});
