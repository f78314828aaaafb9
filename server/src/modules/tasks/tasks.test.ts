import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetClock, setNow } from '../../platform/clock.js';
import { makeTestApp, type Session, type TestApp } from '../../test/app.js';

let t: TestApp;
let city: Session;
let district: Session;
let member: Session;
const ids = { campaign: 0, city: 0, dc: 0, xc: 0, townships: [] as number[] };

type Json = Record<string, unknown> & { id: number; version: number };

async function call(s: Session, method: 'GET' | 'POST', url: string, payload?: object) {
  const res = await t.app.inject({
    method,
    url,
    payload,
    headers: method === 'GET' ? { cookie: s.cookie } : s.headers,
  });
  return {
    status: res.statusCode,
    body: res.json() as Json & { items: Json[]; fields?: { field: string }[] },
  };
}
const findOrg = async (name: string) =>
  (await call(city, 'GET', `/api/v1/orgs?q=${encodeURIComponent(name)}`)).body.items[0].id;

beforeAll(async () => {
  setNow(new Date('2023-10-01T02:00:00Z'));
  t = await makeTestApp({ demo: true });
  city = await t.login('city_admin');
  district = await t.login('district_admin');
  member = await t.login('branch_member');
  ids.campaign = (await call(city, 'GET', '/api/v1/campaigns')).body.items[0].id;
  ids.city = await findOrg('中共清河市委员会');
  ids.dc = await findOrg('中共清河市东城区委员会');
  ids.xc = await findOrg('中共清河市西城区委员会');
  const kids = await call(city, 'GET', `/api/v1/orgs/${ids.dc}/children?pageSize=100`);
  ids.townships = kids.body.items
    .filter((o) => o.kind === 'street' || o.kind === 'township')
    .map((o) => o.id)
    .slice(0, 2);
});
afterAll(async () => {
  resetClock();
  await t.close();
});

const newTask = (extra: object = {}) => ({
  campaignId: ids.campaign,
  issuingOrgId: ids.city,
  title: '开展主题教育专题调研',
  deadline: '2023-10-31',
  reportFrequency: 'weekly',
  targets: { mode: 'orgs', orgIds: [ids.dc, ids.xc] },
  ...extra,
});

describe('tasks cascade down and roll up', () => {
  let taskId = 0;
  let dcA: Json;

  it('city issues to districts; district sees only its own assignment', async () => {
    const r = await call(city, 'POST', '/api/v1/tasks', newTask());
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    taskId = r.body.id;
    expect((r.body.counts as { total: number }).total).toBe(2);
    const tree = await call(district, 'GET', `/api/v1/tasks/${taskId}/tree`);
    expect(tree.status).toBe(200);
    const nodes = tree.body as unknown as Json[];
    expect(nodes.map((n) => n.orgId)).toEqual([ids.dc]);
    dcA = nodes[0];
    expect(dcA.status).toBe('issued');
    expect(dcA.canHandle).toBe(true);
    expect(dcA.canReview).toBe(false);
  });

  it('refuses actions out of order, stale versions and the wrong side', async () => {
    const url = `/api/v1/assignments/${dcA.id}`;
    expect((await call(district, 'POST', `${url}/report`, { version: 1, content: '进展' })).status).toBe(409);
    expect((await call(district, 'POST', `${url}/review`, { version: 1, decision: 'accept' })).status).toBe(
      403,
    );
    expect((await call(member, 'POST', `${url}/acknowledge`, { version: 1 })).status).toBe(404);
    const ack = await call(district, 'POST', `${url}/acknowledge`, { version: 1 });
    expect(ack.status).toBe(200);
    expect(ack.body.status).toBe('acknowledged');
    expect((await call(district, 'POST', `${url}/acknowledge`, { version: 1 })).status).toBe(409);
    dcA = ack.body;
  });

  it('decomposes to townships with deadlines no later than its own', async () => {
    const url = `/api/v1/assignments/${dcA.id}/decompose`;
    const late = await call(district, 'POST', url, {
      version: dcA.version,
      orgIds: ids.townships,
      deadline: '2023-11-01',
    });
    expect(late.status).toBe(400);
    expect(late.body.fields?.[0].field).toBe('deadline');
    const notChild = await call(district, 'POST', url, { version: dcA.version, orgIds: [ids.xc] });
    expect(notChild.status).toBe(400);
    const ok = await call(district, 'POST', url, {
      version: dcA.version,
      orgIds: ids.townships,
      deadline: '2023-10-25',
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    dcA = ok.body;
    expect(dcA.childCount).toBe(2);
    const level = (await call(city, 'GET', `/api/v1/tasks/${taskId}/tree?parentId=${dcA.id}`))
      .body as unknown as Json[];
    expect(level).toHaveLength(2);
    const top = (await call(city, 'GET', `/api/v1/tasks/${taskId}/tree`)).body as unknown as (Json & {
      subtree: { total: number; issued: number };
    })[];
    const dcNode = top.find((n) => n.orgId === ids.dc)!;
    expect(dcNode.subtree.total).toBe(3);
    expect(dcNode.subtree.issued).toBe(2);
  });

  it('a parent completes only after its children are accepted; then the city accepts', async () => {
    const kids = (await call(district, 'GET', `/api/v1/tasks/${taskId}/tree?parentId=${dcA.id}`))
      .body as unknown as Json[];
    const early = await call(district, 'POST', `/api/v1/assignments/${dcA.id}/complete`, {
      version: dcA.version,
      report: '已完成',
    });
    expect(early.status).toBe(409);
    expect((early.body as { code?: string }).code).toBe('CHILDREN_OPEN');
    for (const k of kids) {
      const u = `/api/v1/assignments/${k.id}`;
      let v = (await call(district, 'POST', `${u}/acknowledge`, { version: k.version })).body.version;
      v = (
        await call(district, 'POST', `${u}/report`, { version: v, content: '已召开专题会议', progress: 50 })
      ).body.version;
      const done = await call(district, 'POST', `${u}/complete`, { version: v, report: '办结报告' });
      expect(done.body.status).toBe('completed');
      const back = await call(district, 'POST', `${u}/review`, {
        version: done.body.version,
        decision: 'return',
      });
      expect(back.status).toBe(400);
      const acc = await call(district, 'POST', `${u}/review`, {
        version: done.body.version,
        decision: 'accept',
      });
      expect(acc.body.status).toBe('accepted');
    }
    const fresh = (await call(district, 'GET', `/api/v1/assignments/${dcA.id}`)).body;
    const done = await call(district, 'POST', `/api/v1/assignments/${dcA.id}/complete`, {
      version: fresh.version,
      report: '全区完成',
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.light).toBe('done');
    const acc = await call(city, 'POST', `/api/v1/assignments/${dcA.id}/review`, {
      version: done.body.version,
      decision: 'accept',
      comment: '同意',
    });
    expect(acc.body.status).toBe('accepted');
    const task = (await call(city, 'GET', `/api/v1/tasks/${taskId}`)).body as unknown as Json & {
      counts: { accepted: number };
    };
    expect(task.counts.accepted).toBe(3);
  });
});

describe('lights at read time', () => {
  it('turn blue near the deadline, yellow without reports, red when overdue', async () => {
    const r = await call(
      city,
      'POST',
      '/api/v1/tasks',
      newTask({ title: '灯色测试', deadline: '2023-10-20', reportFrequency: 'weekly' }),
    );
    const id = r.body.id;
    const tree = async () =>
      ((await call(city, 'GET', `/api/v1/tasks/${id}/tree`)).body as unknown as Json[]).map((n) => n.light);
    // the list's light filter (spelled as ranges for red and blue) finds exactly the assignments of that light
    const light = async () => {
      const lights = await tree();
      for (const l of ['red', 'yellow', 'blue', 'green', 'done']) {
        const listed = await call(city, 'GET', `/api/v1/assignments?taskId=${id}&light=${l}`);
        expect([l, listed.body.total]).toEqual([l, lights.filter((x) => x === l).length]);
      }
      return lights;
    };
    expect(await light()).toEqual(['green', 'green']);
    setNow(new Date('2023-10-04T02:00:00Z'));
    expect(await light()).toEqual(['yellow', 'yellow']);
    setNow(new Date('2023-10-18T02:00:00Z'));
    expect(await light()).toEqual(['blue', 'blue']);
    setNow(new Date('2023-10-21T02:00:00Z'));
    expect(await light()).toEqual(['red', 'red']);
    const reds = await call(city, 'GET', `/api/v1/assignments?taskId=${id}&light=red`);
    expect(reds.body.total).toBe(2);
    setNow(new Date('2023-10-01T02:00:00Z'));
  });
});
