import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type Session, type TestApp } from './app.js';
import {
  bodyText,
  foreign,
  idFor,
  multipart,
  PUBLIC,
  sampleBody,
  SELF,
  seedForeign,
  xlsxAimedOutside,
} from './matrix-fixtures.js';

/**
 * For every route in the app's route table, `district_admin` (scope: 东城区) must get 404/403 on records outside
 * 东城区, and no list, export or search may carry a row from outside it. A route added without a sample here
 * fails the suite, so each new route joins the matrix.
 */
let t: TestApp;
let district: Session;
let city: Session;

beforeAll(async () => {
  t = await makeTestApp({ demo: true });
  district = await t.login('district_admin');
  city = await t.login('city_admin');
  await seedForeign(t, city);
});
afterAll(() => t.close());

describe('district_admin against every route', () => {
  it('covers the whole route table', async () => {
    const routes = t.app.routeTable.filter(
      (r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'),
    );
    expect(routes.length).toBeGreaterThan(25);
    const checked: string[] = [];
    for (const r of routes) {
      const key = `${r.method} ${r.url}`;
      if (PUBLIC.has(key) || SELF.test(r.url)) continue;
      const url = r.url.replace(':id', String(idFor(r.url)));
      const isImport = /\/import(\/preview)?$/.test(r.url);
      let res;
      if (isImport) {
        const mp = multipart(await xlsxAimedOutside(r.url));
        res = await t.app.inject({
          method: r.method as 'POST',
          url,
          payload: mp.payload,
          headers: { ...district.headers, 'content-type': mp.contentType },
        });
      } else if (r.method === 'GET') {
        res = await t.app.inject({ method: 'GET', url, headers: { cookie: district.cookie } });
      } else {
        const body = sampleBody(r.method, r.url);
        expect(body, `no sample body for ${key}: add one to this matrix`).toBeDefined();
        res = await t.app.inject({
          method: r.method as 'POST',
          url,
          payload: body,
          headers: district.headers,
        });
      }
      const text = await bodyText(res);
      if (r.url.includes(':id')) {
        expect([403, 404], `${key} → ${res.statusCode} ${res.body.slice(0, 200)}`).toContain(res.statusCode);
      } else if (r.method !== 'GET' && !isImport) {
        expect([400, 403, 404], `${key} → ${res.statusCode} ${res.body.slice(0, 200)}`).toContain(
          res.statusCode,
        );
      } else if (isImport) {
        expect(res.statusCode, `${key} must not accept rows outside scope`).not.toBe(201);
        expect(res.body).not.toMatch(/"ok":true/);
      }
      expect(res.statusCode, `${key} must not fail`).toBeLessThan(500);
      // No foreign row anywhere in what comes back: names of the sibling district, its people.
      expect(text, `${key} leaked a person of ${foreign.orgName}`).not.toContain(foreign.personName);
      if (r.method === 'GET') {
        expect(text, `${key} leaked ${foreign.orgName}`).not.toContain(foreign.orgName);
        expect(text, `${key} leaked a campaign of ${foreign.orgName}`).not.toContain('西城区专项学习');
      }
      checked.push(key);
    }
    expect(checked.length).toBeGreaterThan(20);
  });

  it('nothing outside 东城区 changed', async () => {
    const org = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/orgs/${foreign.org}`,
        headers: { cookie: city.cookie },
      })
    ).json();
    expect(org.version).toBe(1);
    expect(org.active).toBe(true);
    const kids = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/orgs?q=${encodeURIComponent('越权')}`,
        headers: { cookie: city.cookie },
      })
    ).json();
    expect(kids.total).toBe(0);
  });
});
