import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { solvePow } from '../../platform/pow.js';
import { maskText } from '../../platform/masking.js';
import { testPublicSide } from '../opinions/opinions.fixture.js';
import { makeTestApp, type Session, type TestApp } from '../../test/app.js';

let t: TestApp;
let city: Session;
const codes: string[] = [];
const ids = { article: 0, deed: 0, doneDeed: 0, unit: 0 };
const NAMES = ['欧阳娜娜', '司马光明', '陈女士'];
const MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/;
const ID_NO = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/;

async function submit(body: object, ip: string) {
  const ch = (
    await t.app.inject({ method: 'GET', url: '/api/v1/public/challenge', remoteAddress: ip })
  ).json();
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/public/opinions',
    remoteAddress: ip,
    payload: { ...body, challenge: { salt: ch.salt, nonce: solvePow(ch.salt, ch.difficulty) } },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().code as string;
}

beforeAll(async () => {
  t = await makeTestApp({
    demo: true,
    config: { publicSide: testPublicSide() },
  });
  city = await t.login('city_admin');
  const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: city.cookie } });
  const post = (url: string, payload: object) =>
    t.app.inject({ method: 'POST', url, payload, headers: city.headers });
  ids.unit = (await get(`/api/v1/orgs?q=${encodeURIComponent('中共清河市东城区委员会')}`)).json().items[0].id;
  const personal =
    '我叫欧阳娜娜，身份证110101199003071234，手机13912345678，座机010-62345678，邻居司马光明也反映过。';
  codes.push(
    await submit(
      {
        category: '投诉',
        orgId: ids.unit,
        text: personal,
        name: '欧阳娜娜',
        phone: '13912345678',
        agreePublic: true,
      },
      '10.9.0.1',
    ),
  );
  codes.push(
    await submit({ category: '建议', text: `联系人：司马光明 15011112222 ${personal}` }, '10.9.0.2'),
  );
  // Route, answer (quoting the contact) and publish the first.
  const list = (await get('/api/v1/opinions?pageSize=200')).json().items as {
    id: number;
    code: string;
    version: number;
  }[];
  const op = list.find((o) => o.code === codes[0])!;
  let d = (await post(`/api/v1/opinions/${op.id}/sign`, { version: op.version })).json();
  d = (
    await post(`/api/v1/opinions/${op.id}/answer`, {
      version: d.version,
      answer: '欧阳娜娜您好，已联系13912345678核实，身份证110101199003071234信息无误。',
    })
  ).json();
  await post(`/api/v1/opinions/${op.id}/publish`, { version: d.version, on: true });
  const art = await post('/api/v1/articles', {
    orgId: ids.unit,
    title: '典型：群众来信办理',
    body: '<script>alert(1)</script> 咨询电话13812340000，身份证11010119900307123X',
    published: true,
    images: [
      Buffer.concat([
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        Buffer.alloc(20),
      ]).toString('base64'),
    ],
  });
  expect(art.statusCode, art.body).toBe(201);
  ids.article = art.json().id;
  const deed = await post('/api/v1/deeds', {
    orgId: ids.unit,
    title: '背街小巷改造',
    description: '联系人司马光明，电话13700001234',
    targetDate: '2030-12-31',
    milestones: [
      { title: '设计', weight: 1 },
      { title: '施工', weight: 3 },
    ],
  });
  expect(deed.statusCode, deed.body).toBe(201);
  ids.deed = deed.json().id;
  const ms = deed.json().milestones as { id: number }[];
  const prog = (
    await post(`/api/v1/deeds/${ids.deed}/progress`, {
      version: 1,
      milestones: [
        { id: ms[0].id, progress: 100 },
        { id: ms[1].id, progress: 40 },
      ],
    })
  ).json();
  expect(prog.progress).toBe(55); // (1×100 + 3×40) / 4
  const done = (await post(`/api/v1/deeds/${ids.deed}/complete`, { version: prog.version })).json();
  expect(done.status).toBe('completed');
  ids.doneDeed = ids.deed;
});
afterAll(() => t.close());

describe('masking', () => {
  it('masks phones, ID numbers and introduced names inside free text', () => {
    expect(maskText('我叫张三，电话138 1234 5678，身份证11010119900307123X')).toBe(
      '我叫张*，电话138****5678，身份证110101********123X',
    );
    expect(maskText('王五反映情况', ['王五'])).toBe('王*反映情况');
  });
});

describe('every public route', () => {
  it('serves without login and carries no unmasked phone, ID number or submitter name', async () => {
    const routes = t.app.routeTable.filter((r) => r.url.startsWith('/api/v1/public/') && r.method === 'GET');
    expect(routes.length).toBeGreaterThanOrEqual(10);
    const bodies: string[] = [];
    for (const r of routes) {
      const urls = r.url.includes(':code')
        ? codes.map((c) => r.url.replace(':code', c))
        : r.url.includes('/files/')
          ? [r.url.replace(':id', '1')]
          : r.url.includes('/articles/')
            ? [r.url.replace(':id', String(ids.article))]
            : r.url.includes('/deeds/')
              ? [r.url.replace(':id', String(ids.deed))]
              : [r.url, `${r.url}?pageSize=200`];
      for (const url of urls) {
        const res = await t.app.inject({ method: 'GET', url, remoteAddress: '10.9.9.9' });
        expect(res.statusCode, `${url} → ${res.body.slice(0, 200)}`).toBeLessThan(500);
        if (!String(res.headers['content-type']).includes('json')) continue;
        expect(res.statusCode, url).toBe(200);
        bodies.push(res.body);
        expect(res.body, `${url} leaks a phone`).not.toMatch(MOBILE);
        expect(res.body, `${url} leaks an ID number`).not.toMatch(ID_NO);
        expect(res.body, `${url} leaks a landline`).not.toContain('62345678');
        for (const n of NAMES) expect(res.body, `${url} leaks ${n}`).not.toContain(n);
      }
    }
    const all = bodies.join('\n');
    // The portal does show the data (masked), not nothing.
    expect(all).toContain('欧**');
    expect(all).toContain('139****5678');
    expect(all).toContain('背街小巷改造');
    expect(all).toContain('市委召开主题教育工作会议');
    // The article's markup comes back as text for the page to show as text.
    expect(all).toContain('<script>');
  });

  it('publishes rectification items with only the chosen fields', async () => {
    const res = (await t.app.inject({ method: 'GET', url: '/api/v1/public/problems?pageSize=200' })).json();
    expect(res.total).toBeGreaterThan(0);
    const partial = res.items.find(
      (p: { manifestation: string | null; title: string | null }) => p.manifestation === null,
    );
    expect(partial.title).not.toBeNull();
  });

  it('computes the statistics per unit', async () => {
    const stats = (await t.app.inject({ method: 'GET', url: '/api/v1/public/stats' })).json();
    expect(stats.length).toBeGreaterThan(5);
    const dc = stats.find((s: { orgId: number }) => s.orgId === ids.unit);
    expect(dc.opinionsReceived).toBeGreaterThan(0);
    expect(dc.deeds).toBeGreaterThan(0);
    expect(
      stats.reduce((n: number, s: { publishedItems: number }) => n + s.publishedItems, 0),
    ).toBeGreaterThan(0);
  });

  it('rates a completed deed once per device and day', async () => {
    const rate = (deviceId: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/public/deeds/${ids.doneDeed}/rate`,
        payload: { rating: '满意', deviceId },
      });
    expect((await rate('device-aaaa-1')).statusCode).toBe(200);
    const again = await rate('device-aaaa-1');
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toBe('今天已经评价过了，请明天再来');
    expect((await rate('device-bbbb-2')).json().ratings['满意']).toBe(2);
  });

  it('does not serve an opinion picture publicly, nor an unknown code', async () => {
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/public/opinions/ZZZZZZZZZZ' })).statusCode,
    ).toBe(404);
  });
});
