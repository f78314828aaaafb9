import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/client.js';
import { migrate } from '../db/migrate.js';
import { freePort, http, loginHttp, makeTarget, spawnServer, type Spawned, type Target } from './spawned.js';

/**
 * The multi-instance deployment of docs/operations.md: two app instances on one PostgreSQL behind Debian's
 * nginx running the committed deploy/nginx/luoshi.conf (ports templated). PostgreSQL only: on PGlite the
 * database lives inside one process, so there is no second instance to put behind a proxy.
 */
const CONF = path.resolve(import.meta.dirname, '../../../deploy/nginx/luoshi.conf');
const NGINX = process.env.NGINX_BIN ?? '/usr/sbin/nginx';

/** The committed site config with this run's ports; everything else as committed. */
async function templatedSite(listen: number, upstreams: number[]): Promise<string> {
  const conf = await fs.readFile(CONF, 'utf8');
  const servers = conf.match(/^\s*server 127\.0\.0\.1:\d+.*$/gm) ?? [];
  expect(servers.length, 'upstream servers in luoshi.conf').toBe(upstreams.length);
  let out = conf.replace(/^(\s*)listen 80;/m, `$1listen 127.0.0.1:${listen};`);
  servers.forEach((line, i) => (out = out.replace(line, line.replace(/:\d+/, `:${upstreams[i]}`))));
  expect(out).toContain(`listen 127.0.0.1:${listen};`);
  return out;
}

/** nginx in the foreground with a temp prefix: its own pid, logs and temp paths; stopped by `stop()`. */
async function startNginx(site: string, port: number) {
  const prefix = await fs.mkdtemp(path.join(tmpdir(), 'luoshi-nginx-'));
  await fs.mkdir(path.join(prefix, 'logs'));
  await fs.mkdir(path.join(prefix, 'temp'), { mode: 0o777 });
  await fs.chmod(prefix, 0o755);
  await fs.writeFile(path.join(prefix, 'luoshi.conf'), site);
  const main = [
    'daemon off;',
    'worker_processes 1;',
    'pid logs/nginx.pid;',
    'error_log logs/error.log warn;',
    'events { worker_connections 256; }',
    'http {',
    '  access_log logs/access.log;',
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path temp/${t};`),
    '  include luoshi.conf;',
    '}',
  ].join('\n');
  await fs.writeFile(path.join(prefix, 'nginx.conf'), main);
  const args = ['-p', prefix, '-c', 'nginx.conf', '-e', 'logs/error.log'];
  const child: ChildProcess = spawn(NGINX, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr?.on('data', (b: Buffer) => (output += b.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited ${child.exitCode}: ${output}`);
    try {
      await fetch(`${base}/api/health`);
      break;
    } catch {
      if (i > 100) throw new Error(`nginx not listening: ${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    base,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      await fs.rm(prefix, { recursive: true, force: true });
    },
  };
}

describe.skipIf(!process.env.TEST_DATABASE_URL)('two instances behind nginx on one PostgreSQL', () => {
  let target: Target;
  const apps: Spawned[] = [];
  let proxy: Awaited<ReturnType<typeof startNginx>> | undefined;
  let t0 = 0;

  beforeAll(async () => {
    target = await makeTarget();
    t0 = Date.now();
    // one at a time: the first migrates and seeds the demo city, the second finds it done
    for (const name of ['a', 'b'])
      apps.push(
        await spawnServer({
          ...target,
          env: { ...target.env, LUOSHI_INSTANCE: name, LUOSHI_JOB_TICK_MS: '200', TRUST_PROXY: '1' },
        }),
      );
    const port = await freePort();
    const ports = apps.map((a) => Number(new URL(a.baseUrl).port));
    proxy = await startNginx(await templatedSite(port, ports), port);
  }, 600_000);

  afterAll(async () => {
    await proxy?.stop();
    for (const a of apps) await a.stop();
    await target?.drop();
  });

  it('spreads requests over both instances, and a session made on one works on the other', async () => {
    const c = await loginHttp(proxy!.base, 'city_admin');
    const seen = new Map<string, number>();
    for (let i = 0; i < 8; i++) {
      const res = await fetch(`${proxy!.base}/api/v1/auth/me`, { headers: { cookie: c.cookie } });
      expect(res.status).toBe(200);
      const who = String(res.headers.get('x-luoshi-instance'));
      seen.set(who, (seen.get(who) ?? 0) + 1);
    }
    expect([...seen.keys()].sort()).toEqual(['a', 'b']);
    // the same cookie straight at each instance
    for (const a of apps) {
      const me = await http(a.baseUrl, c, 'GET', '/api/v1/auth/me');
      expect(me.status, a.baseUrl).toBe(200);
      expect(me.json().username).toBe('city_admin');
    }
    // writes through the proxy (CSRF token from the login) land on both instances and are all kept
    const [root] = (await http(
      proxy!.base,
      c,
      'GET',
      '/api/v1/orgs?q=' + encodeURIComponent('中共清河市东城区委员会'),
    ).then((r) => r.json().items)) as { id: number }[];
    const writers = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${proxy!.base}/api/v1/orgs`, {
        method: 'POST',
        headers: { cookie: c.cookie, 'x-csrf-token': c.csrf, 'content-type': 'application/json' },
        body: JSON.stringify({ parentId: root.id, name: `负载均衡测试支部${i}`, kind: 'branch' }),
      });
      expect(res.status, await res.clone().text()).toBe(201);
      writers.add(String(res.headers.get('x-luoshi-instance')));
    }
    expect([...writers].sort()).toEqual(['a', 'b']);
    const list = await http(
      apps[1].baseUrl,
      c,
      'GET',
      '/api/v1/orgs?q=' + encodeURIComponent('负载均衡测试'),
    );
    expect(list.json().total).toBe(4);
    // logging out through the proxy ends the session on both
    const out = await http(proxy!.base, c, 'POST', '/api/v1/auth/logout', {});
    expect(out.status).toBeLessThan(300);
    for (const a of apps) expect((await http(a.baseUrl, c, 'GET', '/api/v1/auth/me')).status).toBe(401);
  });

  it('runs each scheduled job once although both instances tick every 200 ms', async () => {
    const client = new pg.Client({ connectionString: target.env.DATABASE_URL });
    await client.connect();
    try {
      // both schedulers have been ticking since start-up; give them a few more seconds of contention
      await new Promise((r) => setTimeout(r, 3000));
      const { rows } = await client.query<{ name: string; runs: number; last_owner: string }>(
        'select name, runs, last_owner from job_runs order by name',
      );
      const elapsed = Date.now() - t0;
      // 2 instances × a tick every 200 ms: hundreds of attempts. The reminder ladder and the ledger-rows fill are
      // due every 10 min, so each ran exactly once; the outbox is due every 30 s, so at most once per 30 s since
      // the first start.
      expect(rows.map((r) => r.name)).toEqual(['ledger-rows', 'outbox', 'reminder-ladder']);
      const [fill, outbox, ladder] = rows;
      expect([fill.runs, ladder.runs]).toEqual([1, 1]);
      expect(outbox.runs).toBeGreaterThanOrEqual(1);
      expect(outbox.runs).toBeLessThanOrEqual(1 + Math.floor(elapsed / 30_000));
      for (const r of rows) expect(['a', 'b']).toContain(r.last_owner);
    } finally {
      await client.end();
    }
  });

  it('counts the login attempts of one address once across both instances', async () => {
    const attempt = (base: string, ip: string) =>
      fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        // the instances trust the proxy's X-Forwarded-For (TRUST_PROXY=1): each address is a client
        headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
        body: JSON.stringify({ username: 'no_such_user', password: 'wrong-password' }),
      }).then((r) => r.status);
    const statuses: number[] = [];
    // alternately at each instance: 20 each, 40 in all, against a limit of 30 a minute an address
    for (let i = 0; i < 40; i++) statuses.push(await attempt(apps[i % 2].baseUrl, '10.9.9.9'));
    expect(statuses.filter((s) => s === 401)).toHaveLength(30);
    expect(statuses.slice(30)).toEqual(Array(10).fill(429));
    // another address is not held back
    expect(await attempt(apps[1].baseUrl, '10.9.9.10')).toBe(401);
  });

  it('serves the public lists and statistics from DATABASE_READ_URL when it is set', async () => {
    // the "replica": a migrated database holding one marker org, so what the read routes return shows
    // where they read
    const replica = new URL(target.env.DATABASE_URL);
    replica.pathname = `${replica.pathname}_replica`;
    const maintenance = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await maintenance.connect();
    const name = replica.pathname.slice(1);
    await maintenance.query(
      `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`,
    );
    let r: Spawned | undefined;
    try {
      const database = await openDatabase({ databaseUrl: replica.toString(), pgliteDir: ':memory:' });
      try {
        await migrate(database);
        await database.db.execute(
          sql`insert into orgs (name, kind, path, depth) values ('只读副本标记单位', 'committee', '1', 0)`,
        );
      } finally {
        await database.close();
      }
      r = await spawnServer({
        ...target,
        env: { ...target.env, LUOSHI_INSTANCE: 'r', DATABASE_READ_URL: replica.toString() },
      });
      const get = async (base: string, url: string) => {
        const res = await fetch(`${base}${url}`);
        expect(res.status, url).toBe(200);
        return res.json() as Promise<unknown>;
      };
      const units = (base: string) => get(base, '/api/v1/public/units') as Promise<{ name: string }[]>;
      expect((await units(r.baseUrl)).map((u) => u.name)).toEqual(['只读副本标记单位']);
      expect((await units(apps[0].baseUrl)).map((u) => u.name)).not.toContain('只读副本标记单位');
      const published = (base: string) => get(base, '/api/v1/public/problems') as Promise<{ total: number }>;
      expect((await published(apps[0].baseUrl)).total).toBeGreaterThan(0);
      expect((await published(r.baseUrl)).total).toBe(0);
      const stats = async (base: string) =>
        ((await get(base, '/api/v1/public/stats')) as { orgName: string }[]).map((u) => u.orgName);
      const primaryStats = await stats(apps[0].baseUrl);
      expect(primaryStats.length).toBeGreaterThan(0);
      expect(primaryStats).not.toContain('只读副本标记单位');
      for (const unit of await stats(r.baseUrl)) expect(unit).toBe('只读副本标记单位');
      // everything else — the session, the org tree — still comes from the primary
      const c = await loginHttp(r.baseUrl, 'city_admin');
      const orgs = await http(r.baseUrl, c, 'GET', '/api/v1/orgs?pageSize=5');
      expect(orgs.json().total).toBeGreaterThan(0);
    } finally {
      await r?.stop();
      await maintenance.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await maintenance.end();
    }
  }, 600_000);
});
