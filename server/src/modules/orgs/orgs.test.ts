import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type Session, type TestApp } from '../../test/app.js';
import type { TOrg } from './orgs.schemas.js';

let t: TestApp;
let city: Session;
let district: Session;
let dongcheng: TOrg;
let xicheng: TOrg;

const get = (s: Session, url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });
const send = (s: Session, method: 'POST' | 'PATCH', url: string, payload: object) =>
  t.app.inject({ method, url, payload, headers: s.headers });

async function findByName(s: Session, name: string): Promise<TOrg> {
  const r = await get(s, `/api/v1/orgs?q=${encodeURIComponent(name)}&pageSize=200`);
  const hit = (r.json() as { items: TOrg[] }).items.find((o) => o.name === name);
  if (!hit) throw new Error(`no org ${name}`);
  return hit;
}

beforeAll(async () => {
  t = await makeTestApp({ demo: true });
  city = await t.login('city_admin');
  district = await t.login('district_admin');
  dongcheng = await findByName(city, '中共清河市东城区委员会');
  xicheng = await findByName(city, '中共清河市西城区委员会');
});
afterAll(() => t.close());

describe('org tree', () => {
  it('lists only the caller scope, with totals that count nothing outside it', async () => {
    const all = (await get(city, '/api/v1/orgs?pageSize=1')).json() as { total: number };
    const mine = (await get(district, '/api/v1/orgs?pageSize=200')).json() as {
      items: TOrg[];
      total: number;
    };
    expect(all.total).toBeGreaterThan(500);
    expect(mine.total).toBeGreaterThan(5);
    expect(mine.total).toBeLessThan(all.total);
    for (const o of mine.items)
      expect(o.path === dongcheng.path || o.path.startsWith(dongcheng.path + '.')).toBe(true);
  });

  it('finds orgs by pinyin initials', async () => {
    const r = (await get(city, '/api/v1/orgs?q=qhsw')).json() as { items: TOrg[] };
    expect(r.items.map((o) => o.shortName)).toContain('清河市委');
  });

  it('answers 404 for a record in a sibling subtree and 403 for writing to a visible ancestor-less action', async () => {
    expect((await get(district, `/api/v1/orgs/${xicheng.id}`)).statusCode).toBe(404);
    expect((await get(district, `/api/v1/orgs/${xicheng.id}/children`)).statusCode).toBe(404);
    const r = await send(district, 'POST', '/api/v1/orgs', {
      parentId: xicheng.id,
      name: '越权支部',
      kind: 'branch',
    });
    expect(r.statusCode).toBe(404);
    const me = (await get(district, '/api/v1/orgs/roots')).json() as TOrg[];
    expect(me.map((o) => o.id)).toEqual([dongcheng.id]);
  });

  it('creates, edits with optimistic locking, moves and closes within scope', async () => {
    const created = await send(district, 'POST', '/api/v1/orgs', {
      parentId: dongcheng.id,
      name: '东城区测试第一党支部',
      kind: 'branch',
    });
    expect(created.statusCode).toBe(201);
    const org = created.json() as TOrg;
    expect(org.path).toBe(`${dongcheng.path}.${org.id}`);
    expect(org.depth).toBe(dongcheng.depth + 1);

    const edited = await send(district, 'PATCH', `/api/v1/orgs/${org.id}`, {
      version: org.version,
      shortName: '测试一支部',
    });
    expect(edited.statusCode).toBe(200);
    const stale = await send(district, 'PATCH', `/api/v1/orgs/${org.id}`, {
      version: org.version,
      shortName: '旧版本',
    });
    expect(stale.statusCode).toBe(409);
    expect((stale.json() as { code: string }).code).toBe('CONFLICT_VERSION');

    // Move a child subtree under the new branch: every path below follows.
    const kids = (await get(district, `/api/v1/orgs/${dongcheng.id}/children?pageSize=200`)).json() as {
      items: TOrg[];
    };
    const street = kids.items.find((k) => k.childCount > 0 && k.id !== org.id)!;
    const before = (await get(district, `/api/v1/orgs/${street.id}/children?pageSize=200`)).json() as {
      items: TOrg[];
    };
    const moved = await send(district, 'POST', `/api/v1/orgs/${street.id}/move`, {
      version: street.version,
      parentId: org.id,
    });
    expect(moved.statusCode).toBe(200);
    const newPath = (moved.json() as TOrg).path;
    expect(newPath).toBe(`${dongcheng.path}.${org.id}.${street.id}`);
    const after = (await get(district, `/api/v1/orgs/${street.id}/children?pageSize=200`)).json() as {
      items: TOrg[];
    };
    expect(after.items.length).toBe(before.items.length);
    for (const c of after.items) {
      expect(c.path).toBe(`${newPath}.${c.id}`);
      expect(c.depth).toBe(dongcheng.depth + 3);
    }
    // A cycle is refused.
    const cur = (await get(district, `/api/v1/orgs/${org.id}`)).json() as TOrg;
    const cycle = await send(district, 'POST', `/api/v1/orgs/${org.id}/move`, {
      version: cur.version,
      parentId: street.id,
    });
    expect(cycle.statusCode).toBe(400);
    expect((cycle.json() as { code: string }).code).toBe('ORG_CYCLE');
    // The district cannot move or close its own scope root.
    const root = (await get(district, `/api/v1/orgs/${dongcheng.id}`)).json() as TOrg;
    const closeRoot = await send(district, 'POST', `/api/v1/orgs/${dongcheng.id}/close`, {
      version: root.version,
    });
    expect(closeRoot.statusCode).toBe(403);
  });

  it('names the field on bad input and never answers 500', async () => {
    const r = await send(district, 'POST', '/api/v1/orgs', {
      parentId: dongcheng.id,
      name: '',
      kind: 'nonsense',
    });
    expect(r.statusCode).toBe(400);
    const body = r.json() as { code: string; fields: { field: string }[] };
    expect(body.code).toBe('VALIDATION');
    expect(body.fields.map((f) => f.field).sort()).toEqual(['kind', 'name']);
    const big = await get(district, '/api/v1/orgs?page=99999999999');
    expect(big.statusCode).toBe(400);
    const bad = await get(district, '/api/v1/orgs/abc');
    expect(bad.statusCode).toBe(400);
  });

  it('requires the CSRF token on writes', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/orgs',
      payload: { parentId: dongcheng.id, name: '无令牌支部', kind: 'branch' },
      headers: { cookie: district.cookie },
    });
    expect(r.statusCode).toBe(403);
    expect((r.json() as { code: string }).code).toBe('CSRF');
  });
});
