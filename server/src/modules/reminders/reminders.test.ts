import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetClock, setNow } from '../../platform/clock.js';
import { JobRunner } from '../../platform/jobs.js';
import { buildOrg, buildUser, makeTestApp, type TestApp } from '../../test/app.js';
import { campaigns } from '../campaigns/campaigns.table.js';
import { deliverOutbox } from '../notifications/notifications.service.js';
import { registerSender, unregisterSender } from '../notifications/notifications.senders.js';
import { inboxItems, outbox } from '../notifications/notifications.table.js';
import { JOBS } from './reminders.jobs.js';
import { runLadder } from './reminders.service.js';
import { reminderSends } from './reminders.table.js';

let t: TestApp;
const u = { handler: 0, superior: 0 };

const at = (iso: string) => setNow(new Date(iso));
const ladder = () => t.db.transaction((tx) => runLadder(tx));
async function reminders(userId: number) {
  const rows = await t.db
    .select({ title: inboxItems.title })
    .from(inboxItems)
    .where(and(eq(inboxItems.userId, userId), eq(inboxItems.kind, 'reminder')));
  return rows.map((r) => r.title.slice(0, r.title.indexOf('】') + 1));
}

beforeAll(async () => {
  at('2023-10-01T02:00:00Z');
  t = await makeTestApp();
  const city = await buildOrg(t.db, { name: '测试市委', kind: 'committee' });
  const district = await buildOrg(t.db, { parentId: city.id, name: '测试区委', kind: 'committee' });
  const sup = await buildUser(t.db, { role: 'office_admin', orgId: city.id });
  const han = await buildUser(t.db, { role: 'unit_admin', orgId: district.id });
  u.superior = sup.id;
  u.handler = han.id;
  const [c] = await t.db
    .insert(campaigns)
    .values({ code: 'T-1', name: '测试活动', issuingOrgId: city.id })
    .returning({ id: campaigns.id });
  const s = await t.login(sup.username);
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/tasks',
    headers: s.headers,
    payload: {
      campaignId: c.id,
      issuingOrgId: city.id,
      title: '督办测试事项',
      deadline: '2023-10-20',
      reportFrequency: 'phase',
      targets: { mode: 'children' },
    },
  });
  expect(res.statusCode, res.body).toBe(201);
});
afterAll(async () => {
  resetClock();
  await t.close();
});

describe('reminder ladder with a moved clock', () => {
  it('sends nothing before the first step is due', async () => {
    expect((await ladder()).sent).toBe(0);
  });

  it('step 1 (提醒) 3 days before the deadline, to the assignee only, once', async () => {
    at('2023-10-18T00:00:00Z');
    expect((await ladder()).sent).toBe(1);
    expect((await ladder()).sent).toBe(0);
    expect(await reminders(u.handler)).toEqual(['【提醒】']);
    expect(await reminders(u.superior)).toEqual([]);
  });

  it('step 2 (督办通知) at the deadline reaches the superior too', async () => {
    at('2023-10-21T00:00:00Z');
    expect((await ladder()).sent).toBe(1);
    expect(await reminders(u.handler)).toEqual(['【提醒】', '【督办通知】']);
    expect(await reminders(u.superior)).toEqual(['【督办通知】']);
  });

  it('a restarted runner (new instance, same database) sends step 3 once and nothing twice', async () => {
    at('2023-10-24T00:00:00Z');
    const first = new JobRunner(t.db, JOBS, 'instance-a');
    expect(await first.runJob('reminder-ladder')).toBe(true);
    const restarted = new JobRunner(t.db, JOBS, 'instance-b');
    expect(await restarted.runJob('reminder-ladder')).toBe(false); // ran within its interval
    expect((await ladder()).sent).toBe(0);
    at('2023-10-24T01:00:00Z');
    expect(await restarted.runJob('reminder-ladder')).toBe(true);
    expect(await reminders(u.handler)).toEqual(['【提醒】', '【督办通知】', '【警示】']);
  });

  it('step 4 (问责建议) 10 days overdue, then the ladder is done', async () => {
    at('2023-11-01T00:00:00Z');
    expect((await ladder()).sent).toBe(1);
    at('2023-12-31T00:00:00Z');
    expect((await ladder()).sent).toBe(0);
    expect(await reminders(u.handler)).toEqual(['【提醒】', '【督办通知】', '【警示】', '【问责建议】']);
    expect(await reminders(u.superior)).toEqual(['【督办通知】', '【警示】', '【问责建议】']);
    const sends = await t.db.select().from(reminderSends);
    expect(sends.map((s) => s.step).sort()).toEqual([1, 2, 3, 4]);
  });
});

describe('outbox', () => {
  it('keeps messages while the sender is down and delivers them later with backoff', async () => {
    let up = false;
    const got: number[] = [];
    registerSender({
      channel: 'test',
      send: async (m) => {
        if (!up) throw new Error('down');
        got.push(m.userId);
      },
    });
    try {
      at('2024-01-10T00:00:00Z');
      await t.db.transaction((tx) =>
        tx.insert(outbox).values({
          channel: 'test',
          userId: u.handler,
          payload: { title: 'x' },
          nextAttemptAt: new Date('2024-01-10T00:00:00Z'),
          createdAt: new Date('2024-01-10T00:00:00Z'),
        }),
      );
      expect(await t.db.transaction((tx) => deliverOutbox(tx))).toEqual({ sent: 0, failed: 1 });
      up = true;
      expect(await t.db.transaction((tx) => deliverOutbox(tx))).toEqual({ sent: 0, failed: 0 }); // backing off
      at('2024-01-10T00:01:30Z');
      expect(await t.db.transaction((tx) => deliverOutbox(tx))).toEqual({ sent: 1, failed: 0 });
      expect(await t.db.transaction((tx) => deliverOutbox(tx))).toEqual({ sent: 0, failed: 0 });
      expect(got).toEqual([u.handler]);
      const [row] = await t.db.select().from(outbox).where(eq(outbox.channel, 'test'));
      expect(row.status).toBe('sent');
      expect(row.attempts).toBe(2);
    } finally {
      unregisterSender('test');
    }
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)(
  'two instances on one PostgreSQL (skipped on PGlite: one connection)',
  () => {
    it('run each job exactly once', async () => {
      at('2024-02-01T00:00:00Z');
      const a = new JobRunner(t.db, JOBS, 'a');
      const b = new JobRunner(t.db, JOBS, 'b');
      for (const job of JOBS) {
        const ran = await Promise.all([a.runJob(job.name), b.runJob(job.name)]);
        expect(ran.filter(Boolean), job.name).toHaveLength(1);
      }
      const both = await Promise.all([a.tick(), b.tick()]);
      expect(both.flat()).toEqual([]);
    });
  },
);
