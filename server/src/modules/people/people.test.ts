import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type Session, type TestApp } from '../../test/app.js';
import type { TPerson } from './people.schemas.js';

let t: TestApp;
let district: Session;
let liaison: Session;
let dongchengId: number;

beforeAll(async () => {
  t = await makeTestApp({ demo: true });
  district = await t.login('district_admin');
  liaison = await t.login('dept_liaison');
  const roots = (
    await t.app.inject({ method: 'GET', url: '/api/v1/orgs/roots', headers: { cookie: district.cookie } })
  ).json();
  dongchengId = roots[0].id;
});
afterAll(() => t.close());

const list = (s: Session, qs: string) =>
  t.app
    .inject({ method: 'GET', url: `/api/v1/people?${qs}`, headers: { cookie: s.cookie } })
    .then((r) => r.json());

describe('people', () => {
  it('shows phones in clear to admins of their scope and masked to a liaison', async () => {
    const admin = await list(district, 'pageSize=5');
    expect(admin.total).toBeGreaterThan(100);
    expect(admin.items[0].phone).toMatch(/^1\d{10}$/);
    expect(admin.items[0].phoneMasked).toBe(false);
    const masked = await list(liaison, 'pageSize=5');
    expect(masked.total).toBeGreaterThan(0);
    for (const p of masked.items as TPerson[]) {
      if (p.phone) expect(p.phone).toMatch(/^1\d{2}\*{4}\d{4}$/);
      expect(p.phoneMasked).toBe(Boolean(p.phone));
    }
  });

  it('filters a subtree or one org exactly', async () => {
    const sub = await list(district, `orgId=${dongchengId}&pageSize=1`);
    const own = await list(district, `orgId=${dongchengId}&subtree=false&pageSize=1`);
    expect(sub.total).toBeGreaterThan(own.total);
  });

  it('creates and edits a person with field-level errors', async () => {
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/people',
      headers: district.headers,
      payload: {
        orgId: dongchengId,
        name: '李四',
        gender: '未知',
        politicalStatus: '中共党员',
        phone: '12345',
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .fields.map((f: { field: string }) => f.field)
        .sort(),
    ).toEqual(['gender', 'phone']);
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/people',
      headers: district.headers,
      payload: {
        orgId: dongchengId,
        name: '李四',
        gender: '男',
        politicalStatus: '中共党员',
        phone: '13912345678',
      },
    });
    expect(ok.statusCode).toBe(201);
    const p = ok.json() as TPerson;
    const edit = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/people/${p.id}`,
      headers: district.headers,
      payload: { version: p.version, position: '组织委员' },
    });
    expect(edit.json().position).toBe('组织委员');
    const stale = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/people/${p.id}`,
      headers: district.headers,
      payload: { version: p.version, position: '宣传委员' },
    });
    expect(stale.statusCode).toBe(409);
  });
});
