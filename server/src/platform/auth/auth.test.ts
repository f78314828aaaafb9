import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, buildUser, makeTestApp, type TestApp } from '../../test/app.js';
import { users } from './auth.table.js';

let t: TestApp;
let orgId: number;

beforeAll(async () => {
  t = await makeTestApp({ demoMode: false });
  orgId = (await buildOrg(t.db, { name: '测试市委', kind: 'committee' })).id;
});
afterAll(() => t.close());

const login = (username: string, password: string, cookie?: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password },
    headers: cookie ? { cookie } : {},
  });

describe('sessions', () => {
  it('answers 401 without a session and logs in with an httpOnly SameSite=Lax cookie', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(401);
    const u = await buildUser(t.db, { role: 'unit_admin', orgId });
    const r = await login(u.username, 'Demo@2023');
    expect(r.statusCode).toBe(200);
    const cookie = String(r.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const s = await t.login(u.username);
    const me = (
      await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: s.cookie } })
    ).json();
    expect(me.abilities).toContain('org.write');
    expect(me.scopeRoots).toEqual([{ orgId, orgName: '测试市委' }]);
    const csrf = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/csrf',
      headers: { cookie: s.cookie },
    });
    expect(csrf.json()).toEqual({ token: s.csrf });
  });

  it('renews the session id at login and ends it at logout', async () => {
    const u = await buildUser(t.db, { role: 'member', orgId });
    const first = await t.login(u.username);
    const second = await login(u.username, 'Demo@2023', first.cookie);
    const newCookie = String(second.headers['set-cookie']).split(';')[0];
    expect(newCookie).not.toBe(first.cookie);
    // The old session is gone after a new login from the same browser.
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: first.cookie } }))
        .statusCode,
    ).toBe(401);
    const csrf = second.json().csrfToken as string;
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: newCookie, 'x-csrf-token': csrf },
    });
    expect(out.statusCode).toBe(200);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: newCookie } }))
        .statusCode,
    ).toBe(401);
  });

  it('locks an account after repeated failures and says so in Chinese', async () => {
    const u = await buildUser(t.db, { role: 'member', orgId });
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) codes.push((await login(u.username, 'wrong-password')).json().code);
    expect(codes.slice(0, 4)).toEqual(['BAD_LOGIN', 'BAD_LOGIN', 'BAD_LOGIN', 'BAD_LOGIN']);
    expect(codes[4]).toBe('LOCKED');
    const locked = await login(u.username, 'Demo@2023');
    expect(locked.statusCode).toBe(429);
    expect(locked.json().message).toMatch(/锁定/);
  }, 60_000);

  it('does not reveal whether a username exists', async () => {
    const a = await login('no_such_user', 'whatever');
    const u = await buildUser(t.db, { role: 'member', orgId });
    const b = await login(u.username, 'whatever');
    expect(a.statusCode).toBe(401);
    expect(a.json().message).toBe(b.json().message);
  });

  it('forces a change of an initial password outside demo mode, with the policy enforced', async () => {
    const u = await buildUser(t.db, { role: 'unit_admin', orgId, mustChange: true });
    const s = await t.login(u.username);
    const blocked = await t.app.inject({ method: 'GET', url: '/api/v1/orgs', headers: { cookie: s.cookie } });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('PASSWORD_CHANGE_REQUIRED');
    const weak = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: s.headers,
      payload: { currentPassword: 'Demo@2023', newPassword: 'short' },
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().fields[0].field).toBe('newPassword');
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: s.headers,
      payload: { currentPassword: 'Demo@2023', newPassword: 'Qinghe#2026x' },
    });
    expect(ok.statusCode).toBe(200);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/orgs', headers: { cookie: s.cookie } })).statusCode,
    ).toBe(200);
    const [row] = await t.db.select().from(users).where(eq(users.id, u.id));
    expect(row.passwordHash.startsWith('$argon2id$')).toBe(true);
    expect(row.mustChangePassword).toBe(false);
  });
});

describe('three separated system roles', () => {
  it('keeps the sysadmin out of the audit log and the auditor out of every change', async () => {
    const sys = await buildUser(t.db, { role: 'sysadmin', orgId });
    const aud = await buildUser(t.db, { role: 'auditor', orgId });
    const sec = await buildUser(t.db, { role: 'secadmin', orgId });
    const s = await t.login(sys.username);
    const a = await t.login(aud.username);
    const c = await t.login(sec.username);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/audit', headers: { cookie: s.cookie } })).statusCode,
    ).toBe(403);
    const log = await t.app.inject({
      method: 'GET',
      url: '/api/v1/audit?pageSize=5',
      headers: { cookie: a.cookie },
    });
    expect(log.statusCode).toBe(200);
    expect(log.json().total).toBeGreaterThan(0);
    const createOrg = await t.app.inject({
      method: 'POST',
      url: '/api/v1/orgs',
      headers: a.headers,
      payload: { parentId: orgId, name: '审计员建的单位', kind: 'branch' },
    });
    expect(createOrg.statusCode).toBe(403);
    const createUser = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: a.headers,
      payload: { username: 'x_by_auditor', displayName: 'x', orgId, password: 'Qinghe#2026x' },
    });
    expect(createUser.statusCode).toBe(403);
    // The security administrator cannot give the auditor a second role.
    const roles = (
      await t.app.inject({ method: 'GET', url: '/api/v1/roles', headers: { cookie: c.cookie } })
    ).json() as {
      id: number;
      code: string;
    }[];
    const unitAdmin = roles.find((r) => r.code === 'unit_admin')!;
    const second = await t.app.inject({
      method: 'POST',
      url: '/api/v1/grants',
      headers: c.headers,
      payload: { userId: aud.id, roleId: unitAdmin.id, orgId },
    });
    expect(second.statusCode).toBe(400);
    expect(second.json().code).toBe('SEPARATION_OF_DUTIES');
    // The sysadmin creates accounts but cannot grant roles.
    const made = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: s.headers,
      payload: { username: 'new_liaison', displayName: '新联络员', orgId, password: 'Qinghe#2026x' },
    });
    expect(made.statusCode).toBe(201);
    const grantBySys = await t.app.inject({
      method: 'POST',
      url: '/api/v1/grants',
      headers: s.headers,
      payload: { userId: made.json().id, roleId: unitAdmin.id, orgId },
    });
    expect(grantBySys.statusCode).toBe(403);
  });
});
