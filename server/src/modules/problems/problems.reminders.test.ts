import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetClock, setNow } from '../../platform/clock.js';
import { JobRunner } from '../../platform/jobs.js';
import { buildOrg, buildUser, makeTestApp, type Session, type TestApp } from '../../test/app.js';
import { campaigns } from '../campaigns/campaigns.table.js';
import { inboxItems } from '../notifications/notifications.table.js';
import { JOBS } from '../reminders/reminders.jobs.js';
import { runLadder } from '../reminders/reminders.service.js';
import { reminderSends } from '../reminders/reminders.table.js';

let t: TestApp;
const u = { city: 0, district: 0, secretary: 0, member: 0 };
const s = {} as Record<'district' | 'secretary' | 'member', Session>;
/** A: plain, B: extension granted to 11-30, C: extension only requested, D: cancelled */
const p = { a: 0, b: 0, c: 0, d: 0 };

/**
 * The problem service checks deadlines against the database's date, so the deadlines lie ahead of the real
 * today; the ladder reads the injectable clock, which the test moves relative to them.
 */
const day = 86_400_000;
const dateIn = (days: number) => new Date(Date.now() + 8 * 3_600_000 + days * day).toISOString().slice(0, 10);
const DEADLINE = dateIn(20);
const EXTENDED = dateIn(60);
const endOf = (d: string) => new Date(`${d}T23:59:59+08:00`).getTime();
const at = (d: string, offsetMs: number) => setNow(new Date(endOf(d) + offsetMs));
const minute = 60_000;
const ladder = () => t.db.transaction((tx) => runLadder(tx));

/** The ladder steps one user has received for one problem, as 【step】 prefixes in order. */
async function steps(userId: number, problemId: number) {
  const rows = await t.db
    .select({ title: inboxItems.title, link: inboxItems.link })
    .from(inboxItems)
    .where(
      and(
        eq(inboxItems.userId, userId),
        eq(inboxItems.kind, 'reminder'),
        eq(inboxItems.subjectType, 'problem'),
        eq(inboxItems.subjectId, problemId),
      ),
    )
    .orderBy(inboxItems.id);
  for (const r of rows) expect(r.link).toBe(`/problems/${problemId}`);
  return rows.map((r) => r.title.slice(0, r.title.indexOf('】') + 1));
}

async function send(who: Session, method: 'POST', url: string, payload: object) {
  const res = await t.app.inject({ method, url, payload, headers: who.headers });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json<{ id: number; version: number; status: string; deadline: string }>();
}

async function openProblem(campaignId: number, orgId: number, title: string) {
  const created = await send(s.secretary, 'POST', '/api/v1/problems', {
    campaignId,
    orgId,
    title,
    manifestation: '学习停留在读原文，联系实际不够',
    category: '理论学习',
    source: 'self',
    deadline: DEADLINE,
    ownerUserId: u.member,
  });
  return send(s.secretary, 'POST', `/api/v1/problems/${created.id}/transitions`, {
    action: 'open',
    version: created.version,
  });
}

const transition = (who: Session, pr: { id: number; version: number }, body: object) =>
  send(who, 'POST', `/api/v1/problems/${pr.id}/transitions`, { version: pr.version, ...body });

beforeAll(async () => {
  t = await makeTestApp();
  const city = await buildOrg(t.db, { name: '测试市委', kind: 'committee' });
  const district = await buildOrg(t.db, { parentId: city.id, name: '测试区委', kind: 'committee' });
  const street = await buildOrg(t.db, { parentId: district.id, name: '测试街道', kind: 'committee' });
  const branch = await buildOrg(t.db, { parentId: street.id, name: '测试支部', kind: 'branch' });
  const users = {
    city: await buildUser(t.db, { role: 'office_admin', orgId: city.id }),
    district: await buildUser(t.db, { role: 'unit_admin', orgId: district.id }),
    secretary: await buildUser(t.db, { role: 'branch_secretary', orgId: branch.id }),
    member: await buildUser(t.db, { role: 'member', orgId: branch.id }),
  };
  for (const k of ['city', 'district', 'secretary', 'member'] as const) u[k] = users[k].id;
  for (const k of ['district', 'secretary', 'member'] as const) s[k] = await t.login(users[k].username);
  const [c] = await t.db
    .insert(campaigns)
    .values({ code: 'T-P', name: '测试活动', issuingOrgId: city.id })
    .returning({ id: campaigns.id });

  const a = await transition(s.member, await openProblem(c.id, branch.id, '问题甲'), { action: 'start' });
  expect(a.status).toBe('in_progress');
  let b = await openProblem(c.id, branch.id, '问题乙');
  b = await transition(s.secretary, b, {
    action: 'request_extension',
    newDeadline: EXTENDED,
    comment: '需协调上级部门',
  });
  b = await transition(s.district, b, { action: 'decide_extension', approve: true });
  expect(b.deadline).toBe(EXTENDED);
  const cc = await openProblem(c.id, branch.id, '问题丙');
  await transition(s.secretary, cc, {
    action: 'request_extension',
    newDeadline: dateIn(90),
    comment: '尚未批准',
  });
  const d = await openProblem(c.id, branch.id, '问题丁');
  await transition(s.secretary, d, { action: 'cancel', comment: '重复录入' });
  Object.assign(p, { a: a.id, b: b.id, c: cc.id, d: d.id });
});
afterAll(async () => {
  resetClock();
  await t?.close();
});

describe('ledger problems on the reminder ladder, with a moved clock', () => {
  it('sends nothing before step 1 is due', async () => {
    at(DEADLINE, -4 * day);
    expect((await ladder()).sent).toBe(0);
  });

  it('step 1 (提醒) 3 days before the deadline, to the unit and the owner only, once each', async () => {
    at(DEADLINE, -3 * day + minute);
    // A (in progress) and C (an extension only requested does not move the deadline); B's was granted, D is cancelled
    expect((await ladder()).sent).toBe(2);
    expect((await ladder()).sent).toBe(0);
    for (const user of [u.secretary, u.member]) {
      expect(await steps(user, p.a)).toEqual(['【提醒】']);
      expect(await steps(user, p.c)).toEqual(['【提醒】']);
      expect(await steps(user, p.b)).toEqual([]);
      expect(await steps(user, p.d)).toEqual([]);
    }
    expect(await steps(u.district, p.a)).toEqual([]);
  });

  it('step 2 (督办通知) after the deadline day reaches the nearest superior that signs off', async () => {
    at(DEADLINE, -minute); // the deadline day in Shanghai is not over yet
    expect((await ladder()).sent).toBe(0);
    at(DEADLINE, 1_000);
    expect((await ladder()).sent).toBe(2);
    expect(await steps(u.member, p.a)).toEqual(['【提醒】', '【督办通知】']);
    expect(await steps(u.district, p.a)).toEqual(['【督办通知】']);
    expect(await steps(u.city, p.a)).toEqual([]); // the district is nearer
  });

  it('a restarted runner (new instance, same database) sends step 3 once and nothing twice', async () => {
    at(DEADLINE, 3 * day + minute);
    const first = new JobRunner(t.db, JOBS, 'instance-a');
    expect(await first.runJob('reminder-ladder')).toBe(true);
    const restarted = new JobRunner(t.db, JOBS, 'instance-b');
    expect(await restarted.runJob('reminder-ladder')).toBe(false); // ran within its interval
    expect((await ladder()).sent).toBe(0);
    at(DEADLINE, 3 * day + 61 * minute);
    expect(await restarted.runJob('reminder-ladder')).toBe(true);
    expect((await ladder()).sent).toBe(0);
    expect(await steps(u.member, p.a)).toEqual(['【提醒】', '【督办通知】', '【警示】']);
    expect(await steps(u.district, p.a)).toEqual(['【督办通知】', '【警示】']);
  });

  it('step 4 (问责建议) 10 days overdue; the granted extension starts its own ladder later', async () => {
    at(DEADLINE, 10 * day + minute);
    expect((await ladder()).sent).toBe(2);
    at(EXTENDED, -3 * day + minute);
    expect((await ladder()).sent).toBe(1);
    expect(await steps(u.secretary, p.b)).toEqual(['【提醒】']);
    at(EXTENDED, 11 * day);
    expect((await ladder()).sent).toBe(3);
    expect((await ladder()).sent).toBe(0);
    for (const id of [p.a, p.b, p.c]) {
      expect(await steps(u.secretary, id)).toEqual(['【提醒】', '【督办通知】', '【警示】', '【问责建议】']);
      expect(await steps(u.district, id)).toEqual(['【督办通知】', '【警示】', '【问责建议】']);
    }
    const sends = await t.db.select().from(reminderSends).where(eq(reminderSends.subjectType, 'problem'));
    expect(sends).toHaveLength(12);
    expect(sends.some((r) => r.subjectId === p.d)).toBe(false);
  });
});
