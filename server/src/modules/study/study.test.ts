import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type Session, type TestApp } from '../../test/app.js';
import { DEMO_BRANCH, DEMO_DISTRICT } from '../demo/demo.data.js';
import { orgs } from '../orgs/orgs.table.js';
import { people } from '../people/people.table.js';

let t: TestApp;
let city: Session;
let secretary: Session;
let member: Session;
let liaison: Session;
let branch = 0;
let district = 0;
let campaignId = 0;
let members: number[] = [];
let outsider = 0;

const get = (s: Session, url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });
const send = (s: Session, method: 'POST' | 'PATCH', url: string, payload: object) =>
  t.app.inject({ method, url, payload, headers: s.headers });
const orgId = async (name: string) => (await t.db.select().from(orgs).where(eq(orgs.name, name)))[0].id;

beforeAll(async () => {
  t = await makeTestApp({ demo: true });
  city = await t.login('city_admin');
  secretary = await t.login('branch_secretary');
  member = await t.login('branch_member');
  liaison = await t.login('dept_liaison');
  branch = await orgId(DEMO_BRANCH);
  district = await orgId(DEMO_DISTRICT);
  campaignId = (await get(city, '/api/v1/campaigns')).json().items[0].id;
  const mine = await t.db
    .select({ id: people.id })
    .from(people)
    .where(and(eq(people.orgId, branch), eq(people.active, true)));
  members = mine.map((p) => p.id);
  const [other] = await t.db
    .select({ id: people.id })
    .from(people)
    .where(eq(people.orgId, district))
    .limit(1);
  outsider = other.id;
}, 120_000);
afterAll(() => t.close());

const session = (over: object = {}) => ({
  orgId: branch,
  campaignId,
  title: '学习党的二十大报告',
  kind: 'branch',
  heldOn: '2023-10-31',
  place: '支部活动室',
  summary: '逐章学习，结合工作谈体会',
  organizer: '支部书记',
  attendance: [
    { personId: members[0], status: 'present' },
    { personId: members[1], status: 'present' },
    { personId: members[2], status: 'leave', reason: '出差' },
  ],
  ...over,
});

describe('study sessions (理论学习)', () => {
  it('the branch secretary records a session with its attendance; the city sees it with counts', async () => {
    expect(members.length).toBeGreaterThanOrEqual(3);
    const res = await send(secretary, 'POST', '/api/v1/study-sessions', session());
    expect(res.statusCode, res.body).toBe(201);
    const s = res.json();
    expect(s).toMatchObject({ orgId: branch, kind: 'branch', heldOn: '2023-10-31', canRecord: true });
    expect(s.counts).toEqual({ present: 2, absent: 0, leave: 1 });
    expect(s.attendance.find((a: { status: string }) => a.status === 'leave').reason).toBe('出差');

    const list = (await get(city, `/api/v1/study-sessions?orgId=${district}`)).json();
    expect(list.items.map((x: { id: number }) => x.id)).toContain(s.id);
    // a member reads it but may not record
    const seen = (await get(member, `/api/v1/study-sessions/${s.id}`)).json();
    expect(seen.canRecord).toBe(false);
    const denied = await send(member, 'POST', '/api/v1/study-sessions', session());
    expect(denied.statusCode).toBe(403);
  });

  it('updates attendance as a whole, with optimistic locking', async () => {
    const s = (
      await send(secretary, 'POST', '/api/v1/study-sessions', session({ title: '专题研讨' }))
    ).json();
    const up = await send(secretary, 'PATCH', `/api/v1/study-sessions/${s.id}`, {
      version: s.version,
      attendance: [
        { personId: members[0], status: 'present' },
        { personId: members[1], status: 'absent', reason: '未请假' },
      ],
    });
    expect(up.statusCode, up.body).toBe(200);
    expect(up.json().counts).toEqual({ present: 1, absent: 1, leave: 0 });
    expect(up.json().version).toBe(s.version + 1);
    const stale = await send(secretary, 'PATCH', `/api/v1/study-sessions/${s.id}`, {
      version: s.version,
      title: '旧版本',
    });
    expect(stale.statusCode).toBe(409);
  });

  it('rejects bad input naming the field', async () => {
    const cases: [object, string][] = [
      [session({ title: '  ' }), 'title'],
      [session({ kind: 'video' }), 'kind'],
      [session({ heldOn: '2023-02-30' }), 'heldOn'],
      [session({ attendance: [{ personId: members[0], status: 'leave' }] }), 'attendance.0.reason'],
      [session({ attendance: [{ personId: outsider, status: 'present' }] }), 'attendance.0.personId'],
      [session({ campaignId: 999_999 }), 'campaignId'],
    ];
    for (const [body, field] of cases) {
      const res = await send(secretary, 'POST', '/api/v1/study-sessions', body);
      expect(res.statusCode, `${field}: ${res.body}`).toBe(400);
      expect(res.json().fields.map((f: { field: string }) => f.field)).toContain(field);
    }
  });

  it('a unit cannot read or record another subtree’s sessions', async () => {
    const s = (
      await send(secretary, 'POST', '/api/v1/study-sessions', session({ title: '本支部学习' }))
    ).json();
    expect((await get(liaison, `/api/v1/study-sessions/${s.id}`)).statusCode).toBe(404);
    const list = (await get(liaison, `/api/v1/study-sessions?orgId=${branch}`)).json();
    expect(list.total).toBe(0);
    const all = (await get(liaison, '/api/v1/study-sessions?pageSize=200')).json();
    expect(all.items.some((x: { orgId: number }) => x.orgId === branch)).toBe(false);
    const write = await send(liaison, 'POST', '/api/v1/study-sessions', session());
    expect(write.statusCode).toBe(404);
    const patch = await send(liaison, 'PATCH', `/api/v1/study-sessions/${s.id}`, { version: 1, title: 'x' });
    expect(patch.statusCode).toBe(404);
    expect((await get(liaison, `/api/v1/study-rates?orgId=${district}`)).statusCode).toBe(404);
  });

  it('rolls attendance up per unit: sessions held and attendance rate, no study time', async () => {
    const before = (await get(city, `/api/v1/study-rates?orgId=${district}&campaignId=${campaignId}`)).json();
    const added = await send(secretary, 'POST', '/api/v1/study-sessions', session({ title: '率统计' }));
    expect(added.statusCode).toBe(201);
    const after = (await get(city, `/api/v1/study-rates?orgId=${district}&campaignId=${campaignId}`)).json();
    expect(after.org.orgId).toBe(district);
    expect(after.org.sessions).toBe(before.org.sessions + 1);
    expect(after.org.present).toBe(before.org.present + 2);
    expect(after.org.leave).toBe(before.org.leave + 1);
    const listed = after.org.present + after.org.absent + after.org.leave;
    expect(after.org.attendanceRate).toBeCloseTo(after.org.present / listed, 10);
    // the unit below the district holding the branch carries the same increase
    const sumKids = after.items.reduce((n: number, r: { sessions: number }) => n + r.sessions, 0);
    expect(sumKids).toBeLessThanOrEqual(after.org.sessions);
    expect(JSON.stringify(after)).not.toMatch(/duration|minutes|时长/);
    // a member's view is its own branch
    const mine = (await get(member, '/api/v1/study-rates')).json();
    expect(mine.items.map((r: { orgId: number }) => r.orgId)).toEqual([branch]);
    expect(mine.items[0].sessions).toBeGreaterThanOrEqual(4);
  });
});
