import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { openTestDatabase } from './db.js';
import { makeTestApp, type Session, type TestApp } from './app.js';
import { foreign, foreignWork, multipart, PUBLIC, sampleBody } from './matrix-fixtures.js';

/**
 * Security basics: headers and CSP on API and HTML responses, CSRF on every state-changing route of the route
 * table, a new session at login, the login rate limit, evidence uploads limited and served as attachments.
 */
let t: TestApp;
let city: Session;

beforeAll(async () => {
  t = await makeTestApp({ demo: true });
  city = await t.login('city_admin');
  // CSRF is checked before any record is looked up, so any well-formed id will do.
  for (const k of Object.keys(foreign) as (keyof typeof foreign)[]) {
    if (typeof foreign[k] === 'number') (foreign as Record<string, unknown>)[k] = 1;
  }
  for (const k of Object.keys(foreignWork) as (keyof typeof foreignWork)[]) foreignWork[k] = 1;
});
afterAll(() => t?.close());

function expectSecurityHeaders(headers: Record<string, unknown>, what: string) {
  expect(String(headers['content-security-policy']), what).toMatch(/default-src 'self'/);
  expect(String(headers['content-security-policy']), what).toMatch(/object-src 'none'/);
  expect(String(headers['content-security-policy']), what).toMatch(/frame-ancestors 'none'/);
  expect(headers['x-content-type-options'], what).toBe('nosniff');
  expect(headers['x-frame-options'], what).toBe('SAMEORIGIN');
  expect(headers['referrer-policy'], what).toBe('no-referrer');
  expect(String(headers['strict-transport-security']), what).toMatch(/max-age=/);
}

describe('security basics', () => {
  it('security headers and CSP on API responses, errors included', async () => {
    for (const url of ['/api/health', '/api/v1/orgs', '/api/v1/nonexistent']) {
      const res = await t.app.inject({ method: 'GET', url, headers: { cookie: city.cookie } });
      expectSecurityHeaders(res.headers, url);
    }
  });

  it('security headers and CSP on the web app HTML', async () => {
    const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-web-'));
    fs.writeFileSync(
      path.join(dist, 'index.html'),
      '<!doctype html><title>落实</title><div id="root"></div>',
    );
    const tdb = await openTestDatabase();
    const config = loadConfig({}, { logLevel: 'silent', pgliteDir: ':memory:', webDist: dist, demo: false });
    const app = await buildApp(config, tdb.database);
    try {
      for (const url of ['/', '/orgs/1', '/index.html']) {
        const res = await app.inject({ method: 'GET', url });
        expect(res.statusCode, url).toBe(200);
        expect(String(res.headers['content-type']), url).toMatch(/text\/html/);
        expectSecurityHeaders(res.headers, url);
      }
    } finally {
      await app.close();
      await tdb.close();
      fs.rmSync(dist, { recursive: true, force: true });
    }
  });

  it('CSRF on every state-changing route of the route table', async () => {
    const writes = t.app.routeTable.filter(
      (r) => r.method !== 'GET' && r.url.startsWith('/api/') && !PUBLIC.has(`${r.method} ${r.url}`),
    );
    // The caller's own session ends last.
    writes.sort((a, b) => Number(a.url.includes('/auth/')) - Number(b.url.includes('/auth/')));
    const exempt = new Set(['POST /api/v1/auth/login']);
    let checked = 0;
    for (const r of writes) {
      const key = `${r.method} ${r.url}`;
      if (exempt.has(key) || r.url.startsWith('/api/v1/public/')) continue; // these act without the session
      const url = r.url.replace(':id', '1');
      const isUpload = /\/import(\/preview)?$|\/files$/.test(r.url);
      const mp = multipart(Buffer.from('x'));
      for (const token of [undefined, 'wrong-token']) {
        const headers: Record<string, string> = { cookie: city.cookie };
        if (token) headers['x-csrf-token'] = token;
        if (isUpload) headers['content-type'] = mp.contentType;
        const body = isUpload ? mp.payload : (sampleBody(r.method, r.url) ?? authSample(key));
        const res = await t.app.inject({ method: r.method as 'POST', url, headers, payload: body as object });
        expect(
          res.statusCode,
          `${key} without a valid x-csrf-token → ${res.statusCode} ${res.body.slice(0, 200)}`,
        ).toBe(403);
        expect((res.json() as { code: string }).code, key).toBe('CSRF');
      }
      checked++;
    }
    // The session is still alive: no write without the token took effect on it.
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: city.cookie } }))
        .statusCode,
    ).toBe(200);
    console.log(`security: CSRF enforced on ${checked} state-changing routes`);
    expect(checked).toBeGreaterThan(30);
  });

  it('a new session at login: a cookie planted before login is not adopted', async () => {
    const planted = 'luoshi_session=planted-by-attacker';
    const before = await t.login('district_admin');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'district_admin', password: 'Demo@2023' },
      headers: { cookie: `${planted}; ${before.cookie}` },
      remoteAddress: '10.1.1.1',
    });
    expect(res.statusCode).toBe(200);
    const fresh = String([res.headers['set-cookie']].flat()[0]).split(';')[0];
    expect(fresh).not.toBe(before.cookie);
    expect(fresh).not.toContain('planted');
    expect(String([res.headers['set-cookie']].flat()[0])).toMatch(/HttpOnly/i);
    expect(String([res.headers['set-cookie']].flat()[0])).toMatch(/SameSite=(Strict|Lax)/i);
    const old = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie: before.cookie },
    });
    expect(old.statusCode, 'the session presented at login is ended').toBe(401);
  });

  it('login is rate limited per address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 35; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: `nobody${i}`, password: 'wrong-password' },
        remoteAddress: '10.2.2.2',
      });
      statuses.push(res.statusCode);
    }
    expect(statuses).toContain(429);
    expect(statuses.every((s) => s === 401 || s === 429 || s === 400)).toBe(true);
  });

  it('evidence uploads are size-limited, sniffed, and served as attachments with nosniff', async () => {
    const problem = (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/problems?pageSize=1',
        headers: { cookie: city.cookie },
      })
    ).json() as { items: { id: number }[] };
    const id = problem.items[0].id;
    const upload = (data: Buffer, name: string) => {
      const boundary = '----luoshisec';
      const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: image/png\r\n\r\n`;
      return t.app.inject({
        method: 'POST',
        url: `/api/v1/problems/${id}/files`,
        payload: Buffer.concat([Buffer.from(head), data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
        headers: { ...city.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
      });
    };
    const big = await upload(Buffer.alloc(10 * 1024 * 1024 + 10, 0x41), 'big.txt');
    expect(big.statusCode).toBe(413);
    const html = await upload(Buffer.from('<html><script>window.__pwned=1</script></html>'), 'evil.png');
    if (html.statusCode === 201) {
      const saved = html.json() as { id: number; contentType: string };
      expect(saved.contentType, 'the type comes from the content, not the name or the header').not.toMatch(
        /image|html/,
      );
      const dl = await t.app.inject({
        method: 'GET',
        url: `/api/v1/problem-files/${saved.id}`,
        headers: { cookie: city.cookie },
      });
      expect(dl.statusCode).toBe(200);
      expect(String(dl.headers['content-disposition'])).toMatch(/^attachment;/);
      expect(dl.headers['x-content-type-options']).toBe('nosniff');
      expect(String(dl.headers['content-type'])).not.toMatch(/html/);
    } else {
      expect(html.statusCode, html.body).toBe(400);
    }
  });
});

/** Bodies for the caller's own session routes (not in the access matrix, which skips them). */
function authSample(key: string): object {
  const samples: Record<string, object> = {
    'POST /api/v1/auth/logout': {},
    'PATCH /api/v1/auth/me': { displayName: '改名' },
    'POST /api/v1/auth/password': { oldPassword: 'Demo@2023', newPassword: 'Qinghe#2026x' },
  };
  return samples[key] ?? {};
}
