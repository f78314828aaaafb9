import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CITY,
  DEMO_BRANCH,
  DEMO_DEPARTMENT,
  DEMO_DISTRICT,
  DEMO_ACCOUNTS,
} from '../modules/demo/demo.data.js';
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
 * Every route in the route table × every demo account. For each account with a bounded scope, marker records
 * ("哨兵") sit in its scope, in a sibling subtree, in the parent org and out of scope (西城区): no response may
 * carry a marker from outside the scope, lists filtered to a foreign org count none (where city_admin counts
 * some), and every record route aimed outside answers 403/404. Whole-city accounts are walked for 5xx.
 */
let t: TestApp;
let city: Session;
const ROLES = DEMO_ACCOUNTS.map((a) => a.username);
/** The org(s) each bounded account's scope starts at; whole-city accounts are absent. */
const SCOPE: Record<string, string[]> = {
  district_admin: [DEMO_DISTRICT],
  dept_liaison: [DEMO_DEPARTMENT],
  branch_secretary: [DEMO_BRANCH],
  branch_member: [DEMO_BRANCH],
  supervisor: [DEMO_DISTRICT, '中共清源县委员会'],
};
interface Markers {
  inScope: string[];
  foreign: string[];
  foreignOrgs: number[];
  foreignPeople: number[];
  /** the parent of the scope root: lists filtered to it may show the scope root itself, nothing else */
  parent: number;
}
const markers: Record<string, Markers> = {};
/** The query parameters each GET route declares, from /api/openapi.json. */
const queryParams = new Map<string, Set<string>>();
let checks = 0;
let totalsCompared = 0;

type Json = Record<string, unknown>;
const get = (s: Session, url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });
const post = async (url: string, payload: object): Promise<Json> => {
  const res = await t.app.inject({ method: 'POST', url, payload, headers: city.headers });
  expect(res.statusCode, `${url} ${res.body}`).toBeLessThan(300);
  return res.json() as Json;
};
async function orgByName(name: string): Promise<{ id: number; parentId: number | null }> {
  const res = (await get(city, `/api/v1/orgs?q=${encodeURIComponent(name)}&pageSize=50`)).json() as {
    items: { id: number; name: string; parentId: number | null }[];
  };
  const org = res.items.find((o) => o.name === name);
  if (!org) throw new Error(`no org ${name}`);
  return org;
}

/** An org and a person named after `tag` under `parentId`; returns their names and ids. */
async function marker(tag: string, parentId: number) {
  const org = await post('/api/v1/orgs', { parentId, name: `${tag}支部`, kind: 'branch' });
  const person = await post('/api/v1/people', {
    orgId: parentId,
    name: `${tag}人`,
    gender: '男',
    politicalStatus: '中共党员',
  });
  return { names: [`${tag}支部`, `${tag}人`], org: Number(org.id), person: Number(person.id) };
}

beforeAll(async () => {
  t = await makeTestApp({ demo: true });
  city = await t.login('city_admin');
  await seedForeign(t, city);
  const spec = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
    paths: Record<string, { get?: { parameters?: { name: string; in: string }[] } }>;
  };
  for (const [p, ops] of Object.entries(spec.paths)) {
    const names = (ops.get?.parameters ?? []).filter((x) => x.in === 'query').map((x) => x.name);
    queryParams.set(p.replace(/\{(\w+)\}/g, ':$1'), new Set(names));
  }
  const cityRoot = await orgByName(CITY.name);
  const xw = [
    '西城区专项学习',
    '西城区专项督办',
    '西城区部署会',
    '西城区制度',
    '西城区归类',
    '西城区理论学习',
    '西城区调研课题',
    '西城区调研发现',
  ];
  const letters = '甲乙丙丁戊己庚辛壬癸';
  let n = 0;
  for (const [role, roots] of Object.entries(SCOPE)) {
    const m: Markers = {
      inScope: [],
      foreign: [foreign.orgName, foreign.personName, ...xw],
      foreignOrgs: [foreign.org],
      foreignPeople: [foreign.person],
      parent: 0,
    };
    const scopeOrg = await orgByName(roots[0]);
    const parentId = scopeOrg.parentId ?? cityRoot.id;
    const own = await marker(`哨兵本级${letters[n]}`, scopeOrg.id);
    const sibling = await marker(`哨兵兄弟${letters[n]}`, parentId);
    // A person of the parent org itself (the sibling marker's person sits there).
    m.inScope.push(...own.names);
    m.foreign.push(...sibling.names);
    m.foreignOrgs.push(sibling.org, parentId);
    m.parent = parentId;
    m.foreignPeople.push(sibling.person);
    if (parentId !== cityRoot.id) {
      const top = await marker(`哨兵市级${letters[n]}`, cityRoot.id);
      m.foreign.push(...top.names);
      m.foreignOrgs.push(top.org);
      m.foreignPeople.push(top.person);
    }
    markers[role] = m;
    n++;
  }
}, 300_000);
afterAll(() => t?.close());

function expectNoLeak(role: string, key: string, text: string, echoed: string[] = []) {
  for (const name of markers[role]?.foreign ?? []) {
    if (echoed.includes(name)) continue; // the caller's own upload, quoted back in an error
    expect(text.includes(name), `${role}: ${key} leaked ${name}`).toBe(false);
  }
}

async function walkRole(role: string) {
  const s = await t.login(role);
  const bounded = Boolean(markers[role]);
  const routes = t.app.routeTable.filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'));
  for (const r of routes) {
    const key = `${r.method} ${r.url}`;
    if (PUBLIC.has(key) || SELF.test(r.url)) continue;
    if (r.method !== 'GET' && !bounded) continue; // whole-city accounts may write anywhere: nothing to leak
    checks++;
    if (r.method === 'GET' && !r.url.includes(':id')) {
      await walkList(role, s, key, r.url);
      continue;
    }
    const ids = r.url.includes(':id') ? [idFor(r.url)] : [0];
    if (bounded && /^\/api\/v1\/(orgs|people)\/:id/.test(r.url)) {
      ids.push(
        ...(r.url.startsWith('/api/v1/orgs') ? markers[role].foreignOrgs : markers[role].foreignPeople),
      );
    }
    for (const id of ids) {
      const url = r.url.replace(':id', String(id));
      let res;
      if (/\/import(\/preview)?$/.test(r.url)) {
        const mp = multipart(await xlsxAimedOutside(r.url));
        res = await t.app.inject({
          method: r.method as 'POST',
          url,
          payload: mp.payload,
          headers: { ...s.headers, 'content-type': mp.contentType },
        });
        expect(res.statusCode, `${role}: ${key} must not accept rows outside scope`).not.toBe(201);
      } else if (r.method === 'GET') {
        res = await get(s, url);
      } else {
        const body = sampleBody(r.method, r.url);
        expect(body, `no sample body for ${key}: add one to matrix-fixtures.ts`).toBeDefined();
        res = await t.app.inject({ method: r.method as 'POST', url, payload: body, headers: s.headers });
        if (!r.url.includes(':id'))
          expect([400, 403, 404], `${role}: ${key} → ${res.statusCode} ${res.body.slice(0, 200)}`).toContain(
            res.statusCode,
          );
      }
      expect(res.statusCode, `${role}: ${key} must not fail`).toBeLessThan(500);
      if (bounded && r.url.includes(':id')) {
        expect([403, 404], `${role}: ${url} → ${res.statusCode} ${res.body.slice(0, 200)}`).toContain(
          res.statusCode,
        );
      }
      if (bounded) {
        const echoed = /\/import/.test(r.url) ? [foreign.orgName] : [];
        expectNoLeak(role, key, await bodyText(res), echoed);
      }
    }
  }
}

/** A list, export or search: plainly, searched for markers, and filtered to each foreign org. */
async function walkList(role: string, s: Session, key: string, url: string) {
  const m = markers[role];
  const variants = [url, `${url}?q=${encodeURIComponent('哨兵')}&pageSize=200`];
  const declared = queryParams.get(url) ?? new Set<string>();
  for (const org of m?.foreignOrgs ?? []) {
    for (const p of ['orgId', 'parentId', 'issuingOrgId'])
      if (declared.has(p)) variants.push(`${url}?${p}=${org}&pageSize=200`);
  }
  for (const v of variants) {
    const res = await get(s, v);
    expect(res.statusCode, `${role}: ${v} must not fail`).toBeLessThan(500);
    if (!m || res.statusCode !== 200) continue;
    expectNoLeak(role, v, await bodyText(res));
    if (
      !/[?&](orgId|parentId|issuingOrgId)=/.test(v) ||
      !String(res.headers['content-type']).includes('json')
    )
      continue;
    const { total, items } = res.json() as { total?: unknown; items?: unknown[] };
    if (typeof total !== 'number') continue;
    if (v.includes(`=${m.parent}&`)) {
      // Rows of the parent that the role may see (its own scope root); the count matches what is shown.
      expect(total, `${role}: ${v} counted rows it does not show`).toBe(items?.length);
      continue;
    }
    // What the role counts in a foreign subtree must be none, wherever city_admin counts some.
    const cityTotal = (await get(city, v)).json() as { total?: unknown };
    if (typeof cityTotal.total === 'number' && cityTotal.total > 0) totalsCompared++;
    expect(total, `${role}: ${v} counted foreign rows`).toBe(0);
  }
}

describe('every role against every route', () => {
  for (const role of ROLES) {
    it(`${role}`, { timeout: 300_000 }, async () => {
      await walkRole(role);
      if (markers[role]) {
        // Positive control: the in-scope markers are visible to the account's managers.
        const res = await get(city, `/api/v1/orgs?q=${encodeURIComponent(markers[role].inScope[0])}`);
        expect((res.json() as { total: number }).total).toBe(1);
      }
    });
  }

  it('public API answers only published fields', async () => {
    const routes = t.app.routeTable.filter((r) => r.url.startsWith('/api/v1/public/') && r.method === 'GET');
    for (const r of routes) {
      const res = await t.app.inject({ method: 'GET', url: r.url.replace(':id', '1') });
      expect(res.statusCode, r.url).toBeLessThan(500);
      expect(res.body, r.url).not.toMatch(
        /"(phone|passwordHash|idNumber|csrfToken|createdBy|updatedBy|username)"/,
      );
      expect(res.body, r.url).not.toContain(foreign.personName);
    }
    console.log(
      `authz: ${checks} route × role checks (${ROLES.length} roles), ${totalsCompared} foreign totals compared with city_admin, ${routes.length} public routes`,
    );
  });

  it('nothing outside the callers’ scopes changed', async () => {
    const org = (await get(city, `/api/v1/orgs/${foreign.org}`)).json() as {
      version: number;
      active: boolean;
    };
    expect(org.version).toBe(1);
    expect(org.active).toBe(true);
    const made = (await get(city, `/api/v1/orgs?q=${encodeURIComponent('越权')}`)).json() as {
      total: number;
    };
    expect(made.total).toBe(0);
  });
});
