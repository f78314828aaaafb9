import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLadder } from '../reminders/reminders.service.js';
import { advanceDays, resetClock } from '../../platform/clock.js';
import { solvePow } from '../../platform/pow.js';
import { makeTestApp, type Session, type TestApp } from '../../test/app.js';
import { addWorkingDays } from './opinions.rules.js';
import { problemLinkedTo } from './opinions.flags.js';

let t: TestApp;
let city: Session;
let district: Session;
let dongcheng = 0;

const cfg = { powBits: 4, perIp: 1000, perPhone: 1000, signDays: 2, answerDays: 10 };

beforeAll(async () => {
  t = await makeTestApp({ demo: true, config: { publicSide: { ...defaults(), ...cfg } } });
  city = await t.login('city_admin');
  district = await t.login('district_admin');
  const orgs = await t.app.inject({
    method: 'GET',
    url: `/api/v1/orgs?q=${encodeURIComponent('中共清河市东城区委员会')}`,
    headers: { cookie: city.cookie },
  });
  dongcheng = orgs.json().items[0].id;
});
afterAll(async () => {
  resetClock();
  await t.close();
});

function defaults() {
  return {
    signDays: 2,
    answerDays: 10,
    toleranceHours: 0,
    powBits: 4,
    perIp: 10,
    perPhone: 5,
    windowMs: 3_600_000,
    mergeWindowMs: 600_000,
  };
}

export async function submit(app: TestApp['app'], body: object, ip = '10.0.0.1') {
  const ch = (await app.inject({ method: 'GET', url: '/api/v1/public/challenge', remoteAddress: ip })).json();
  return app.inject({
    method: 'POST',
    url: '/api/v1/public/opinions',
    remoteAddress: ip,
    payload: { ...body, challenge: { salt: ch.salt, nonce: solvePow(ch.salt, ch.difficulty) } },
  });
}

const as = (s: Session) => ({
  get: (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } }),
  post: (url: string, payload: object) => t.app.inject({ method: 'POST', url, payload, headers: s.headers }),
});

describe('working days', () => {
  it('skips weekends', () => {
    const fri = new Date('2026-11-27T02:00:00Z'); // Friday 10:00 in Shanghai
    expect(addWorkingDays(fri, 1).toISOString()).toBe('2026-11-30T02:00:00.000Z');
    expect(addWorkingDays(fri, 5).toISOString()).toBe('2026-12-04T02:00:00.000Z');
  });
});

describe('an opinion from submission to rating', () => {
  it('routes, answers, reopens on unsatisfied, and the statistics follow', async () => {
    const res = await submit(t.app, {
      category: '投诉',
      orgId: null,
      text: '小区门口路灯坏了一个月没人修，我叫王小明，电话13912345678',
      name: '王小明',
      phone: '13912345678',
      agreePublic: true,
    });
    expect(res.statusCode, res.body).toBe(201);
    const { code } = res.json();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);

    // The dispatcher sees it in the queue, with the contact details; the district does not see it yet.
    const queue = (await as(city).get('/api/v1/opinions?box=dispatch&pageSize=200')).json();
    const item = queue.items.find((i: { code: string }) => i.code === code);
    expect(item.status).toBe('submitted');
    expect((await as(district).get(`/api/v1/opinions/${item.id}`)).statusCode).toBe(404);
    let d = (await as(city).get(`/api/v1/opinions/${item.id}`)).json();
    expect(d.submitterPhone).toBe('13912345678');
    expect(d.actions).toEqual(['dispatch', 'close']);

    d = (
      await as(city).post(`/api/v1/opinions/${item.id}/dispatch`, { version: d.version, orgId: dongcheng })
    ).json();
    expect(d.status).toBe('routed');
    // Stale version → 409; the district may not dispatch (403).
    expect((await as(city).post(`/api/v1/opinions/${item.id}/sign`, { version: 1 })).statusCode).toBe(409);
    expect(
      (
        await as(district).post(`/api/v1/opinions/${item.id}/dispatch`, {
          version: d.version,
          orgId: dongcheng,
        })
      ).statusCode,
    ).toBe(403);

    // Return without a reason is refused with the field named; with one it goes back to the dispatcher.
    const noReason = await as(district).post(`/api/v1/opinions/${item.id}/return`, { version: d.version });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().fields[0].field).toBe('reason');
    const deadlineBefore = d.answerDeadline;
    d = (
      await as(district).post(`/api/v1/opinions/${item.id}/return`, {
        version: d.version,
        reason: '属于供电公司职责',
      })
    ).json();
    expect(d.status).toBe('returned');
    d = (await as(city).get(`/api/v1/opinions/${item.id}`)).json();
    expect(d.answerDeadline).toBe(deadlineBefore); // the clock keeps running from submission
    d = (
      await as(city).post(`/api/v1/opinions/${item.id}/dispatch`, { version: d.version, orgId: dongcheng })
    ).json();

    d = (await as(district).post(`/api/v1/opinions/${item.id}/sign`, { version: d.version })).json();
    expect(d.status).toBe('signed');
    expect(d.submitterPhone).toBe('13912345678'); // the assigned unit sees the contact
    d = (
      await as(district).post(`/api/v1/opinions/${item.id}/answer`, {
        version: d.version,
        answer: '已协调街道更换路灯，请王小明同志监督。',
      })
    ).json();
    expect(d.status).toBe('answered');

    // The citizen sees the answer by the code, masked; no name, no phone.
    const track = await t.app.inject({ method: 'GET', url: `/api/v1/public/opinions/${code.toLowerCase()}` });
    expect(track.statusCode).toBe(200);
    expect(track.body).not.toContain('13912345678');
    expect(track.body).not.toContain('王小明');
    expect(track.json().answer).toContain('王**');
    expect(track.json().canRate).toBe(true);

    const before = (await as(district).get(`/api/v1/opinion-stats?parentId=${dongcheng}`)).json()[0];
    const rate = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/opinions/${code}/rate`,
      payload: { rating: '不满意', comment: '路灯还是不亮' },
    });
    expect(rate.statusCode, rate.body).toBe(200);
    d = (await as(district).get(`/api/v1/opinions/${item.id}`)).json();
    expect(d.status).toBe('reopened');
    const after = (await as(district).get(`/api/v1/opinion-stats?parentId=${dongcheng}`)).json()[0];
    expect(after.rated).toBe(before.rated + 1);
    expect(after.resolved).toBe(before.resolved - 1);

    // The superior (the city, parent of 东城区) is told.
    const inbox = (await as(city).get('/api/v1/inbox?pageSize=50')).json();
    expect(inbox.items.some((i: { title: string }) => i.title.includes('群众不满意'))).toBe(true);

    d = (
      await as(district).post(`/api/v1/opinions/${item.id}/answer`, {
        version: d.version,
        answer: '已更换灯具并复查。',
      })
    ).json();
    // Reopened once only: a second unsatisfied rating closes it.
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/opinions/${code}/rate`,
      payload: { rating: '不太满意' },
    });
    d = (await as(district).get(`/api/v1/opinions/${item.id}`)).json();
    expect(d.status).toBe('closed');
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/opinions/${code}/rate`,
      payload: { rating: '满意' },
    });
    expect(again.statusCode).toBe(409);

    // Marking it unreasonable needs a reason, is audited, and takes it out of the unit's statistics.
    const bare = await as(city).post(`/api/v1/opinions/${item.id}/unreasonable`, {
      version: d.version,
      on: true,
    });
    expect(bare.statusCode).toBe(400);
    d = (
      await as(city).post(`/api/v1/opinions/${item.id}/unreasonable`, {
        version: d.version,
        on: true,
        reason: '反复就同一已解决事项投诉',
      })
    ).json();
    const excluded = (await as(district).get(`/api/v1/opinion-stats?parentId=${dongcheng}`)).json()[0];
    expect(excluded.excluded).toBe(after.excluded + 1);
    expect(excluded.received).toBe(after.received - 1);

    // Publishing needs the submitter's consent (given here); published answers are masked.
    d = (await as(city).post(`/api/v1/opinions/${item.id}/publish`, { version: d.version, on: true })).json();
    expect(d.answerPublished).toBe(true);
    const pub = await t.app.inject({ method: 'GET', url: '/api/v1/public/opinions' });
    expect(pub.body).toContain('已更换灯具');
    expect(pub.body).not.toContain('13912345678');
    expect(pub.body).not.toContain('王小明');
  });

  it('becomes a ledger problem (群众提) in one step, linked both ways', async () => {
    const res = await submit(
      t.app,
      { category: '意见', orgId: dongcheng, text: '窗口办事排队两小时，效率太低' },
      '10.0.0.2',
    );
    const { code } = res.json();
    const item = (await as(district).get('/api/v1/opinions?box=unit&pageSize=200'))
      .json()
      .items.find((i: { code: string }) => i.code === code);
    const campaigns = (await as(city).get('/api/v1/campaigns')).json().items;
    const d = (
      await as(district).post(`/api/v1/opinions/${item.id}/to-problem`, {
        version: item.version,
        campaignId: campaigns[0].id,
        title: '窗口服务效率低',
        category: '工作作风',
        deadline: '2030-06-30',
      })
    ).json();
    expect(d.problemId).toBeGreaterThan(0);
    const linked = await problemLinkedTo(t.db, item.id);
    expect(linked.map((p) => p.id)).toEqual([d.problemId]);
    expect(linked[0].source).toBe('public');
  });

  it('climbs the reminder ladder to the superior when late', async () => {
    const res = await submit(
      t.app,
      { category: '求助', orgId: dongcheng, text: '老旧小区加装电梯申请没人回复' },
      '10.0.0.3',
    );
    expect(res.statusCode).toBe(201);
    advanceDays(20);
    try {
      await t.db.transaction((tx) => runLadder(tx));
      const inbox = (await as(city).get('/api/v1/inbox?pageSize=100')).json();
      expect(
        inbox.items.some((i: { title: string }) => i.title.includes('警示') && i.title.includes('群众求助')),
      ).toBe(true);
    } finally {
      resetClock();
    }
  });
});

describe('abuse', () => {
  it('merges a repeat, rejects a spent challenge, limits by phone with 429 in Chinese, checks pictures', async () => {
    const body = { category: '建议', text: '建议在公园增设健身器材，方便老人锻炼', phone: '13700001111' };
    const a = (await submit(t.app, body, '10.1.0.1')).json();
    const b = (await submit(t.app, body, '10.1.0.2')).json(); // same phone, other address: merged
    expect(b).toEqual({ code: a.code, merged: true });

    const ch = (await t.app.inject({ method: 'GET', url: '/api/v1/public/challenge' })).json();
    const payload = {
      ...body,
      text: '另一条建议内容',
      challenge: { salt: ch.salt, nonce: solvePow(ch.salt, 4) },
    };
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/public/opinions', payload })).statusCode).toBe(
      201,
    );
    const replay = await t.app.inject({ method: 'POST', url: '/api/v1/public/opinions', payload });
    expect(replay.statusCode).toBe(400);
    expect(replay.json().code).toBe('POW_INVALID');

    const long = await submit(t.app, { category: '建议', text: '长'.repeat(2001) });
    expect(long.statusCode).toBe(400);
    expect(long.json().fields[0]).toEqual({ field: 'text', message: '内容不能超过2000个字' });

    const html = Buffer.from('<html><script>alert(1)</script></html>').toString('base64');
    const pic = await submit(t.app, {
      category: '建议',
      text: '附图说明情况如下',
      pictures: [{ data: html }],
    });
    expect(pic.statusCode).toBe(415);
    expect(pic.json().fields[0]).toEqual({
      field: 'pictures.0.data',
      message: '只接受JPEG、PNG或WebP格式的图片',
    });
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(64),
    ]);
    const ok = await submit(t.app, {
      category: '建议',
      text: '附图说明情况如下，请查看',
      pictures: [{ data: png.toString('base64') }],
    });
    expect(ok.statusCode).toBe(201);
  });
});
