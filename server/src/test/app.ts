import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import { buildApp } from '../app.js';
import { loadConfig, type Config } from '../config.js';
import { bootstrap } from '../db/bootstrap.js';
import type { Db } from '../db/client.js';
import { grants, roles } from '../platform/access/access.table.js';
import { users } from '../platform/auth/auth.table.js';
import { DEMO_PASSWORD, hashPassword } from '../platform/auth/passwords.js';
import { orgs } from '../modules/orgs/orgs.table.js';
import { insertOrg, insertRootOrg } from '../modules/orgs/orgs.repo.js';
import { seedDemo } from '../modules/demo/demo.seed.js';
import { orgSearchKey } from '../platform/pinyin.js';
import { openTestDatabase, type TestDatabase } from './db.js';

export interface Session {
  cookie: string;
  csrf: string;
  /** headers for app.inject on a state-changing request */
  headers: { cookie: string; 'x-csrf-token': string };
}

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  /** the test database itself (its engine, and its URL on PostgreSQL) */
  tdb: TestDatabase;
  login(username: string, password?: string): Promise<Session>;
  close(): Promise<void>;
}

/** An app on a fresh test database; with `demo`, the demo city is seeded. */
export async function makeTestApp(
  opts: { demo?: boolean; demoMode?: boolean; config?: Partial<Config> } = {},
): Promise<TestApp> {
  const tdb = await openTestDatabase();
  const db = tdb.database.db;
  await bootstrap(db);
  if (opts.demo) await seedDemo(db);
  const config = loadConfig(
    {},
    {
      logLevel: process.env.TEST_LOG_LEVEL ?? 'silent',
      pgliteDir: ':memory:',
      webDist: '/nonexistent',
      demo: opts.demoMode ?? Boolean(opts.demo),
      ...opts.config,
    },
  );
  const app = await buildApp(config, tdb.database);
  await app.ready();
  return {
    app,
    db,
    tdb,
    async login(username, password = DEMO_PASSWORD) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username, password },
      });
      if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
      const setCookie = res.headers['set-cookie'];
      const raw = Array.isArray(setCookie) ? setCookie[0] : setCookie;
      const cookie = String(raw).split(';')[0];
      const csrf = (res.json() as { csrfToken: string }).csrfToken;
      return { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } };
    },
    async close() {
      await app.close();
      await tdb.close();
    },
  };
}

let seq = 0;

/** Factory: an org under `parentId` (or a new root), returning its id and path. */
export async function buildOrg(db: Db, opts: { parentId?: number; name?: string; kind?: string } = {}) {
  const name = opts.name ?? `测试单位${++seq}`;
  const values = { name, kind: opts.kind ?? 'branch', pinyin: orgSearchKey(name) };
  const id = await db.transaction(async (tx) => {
    if (!opts.parentId) return insertRootOrg(tx, values);
    const [p] = await tx.select().from(orgs).where(eq(orgs.id, opts.parentId));
    return insertOrg(tx, p, values);
  });
  const [row] = await db.select().from(orgs).where(eq(orgs.id, id));
  return row;
}

let passwordHash: Promise<string> | undefined;

/** Factory: a user with one role at one org; password is the demo password. */
export async function buildUser(
  db: Db,
  opts: { role: string; orgId: number; username?: string; mustChange?: boolean },
) {
  const username = opts.username ?? `u${Date.now().toString(36)}${++seq}`;
  const [user] = await db
    .insert(users)
    .values({
      username,
      displayName: username,
      orgId: opts.orgId,
      passwordHash: await (passwordHash ??= hashPassword(DEMO_PASSWORD)),
      mustChangePassword: opts.mustChange ?? false,
    })
    .returning();
  const [role] = await db.select().from(roles).where(eq(roles.code, opts.role));
  if (!role) throw new Error(`no role ${opts.role}`);
  await db.insert(grants).values({ userId: user.id, roleId: role.id, orgId: opts.orgId });
  return user;
}
