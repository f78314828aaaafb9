import { sql } from 'drizzle-orm';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/client.js';
import {
  http,
  loginHttp,
  makeTarget,
  runCli,
  spawnServer,
  type Client,
  type Spawned,
  type Target,
} from './spawned.js';

/**
 * kill -9 the real server during a mixed write load, restart it, and check: every write that was acknowledged
 * (2xx) is there and whole, the audit chain verifies, the reminder ladder has no duplicate sends. PGlite in a
 * DATA_DIR, or PostgreSQL when TEST_DATABASE_URL is set. CRASH_CYCLES and CRASH_WRITES lengthen it.
 */
const CYCLES = Number(process.env.CRASH_CYCLES ?? 2);
const WRITES = Number(process.env.CRASH_WRITES ?? 120);
const WORKERS = 6;

interface Acked {
  kind: 'org' | 'person';
  id: number;
  name: string;
}
let target: Target | undefined;
let server: Spawned | undefined;
const acked: Acked[] = [];
let crashes = 0;
let attempted = 0;

afterAll(async () => {
  await server?.stop();
  await target?.drop();
});

async function dcId(baseUrl: string, c: Client): Promise<number> {
  const res = await http(baseUrl, c, 'GET', `/api/v1/orgs?q=${encodeURIComponent('中共清河市东城区委员会')}`);
  return (res.json().items as { id: number }[])[0].id;
}

/** Workers write until `WRITES` are acknowledged, then the server is killed with requests still in flight. */
async function loadThenKill(s: Spawned, c: Client, parentId: number, cycle: number) {
  let n = 0;
  let killed = false;
  const before = acked.length;
  const worker = async () => {
    while (!killed) {
      const i = n++;
      attempted++;
      const person = i % 2 === 1;
      const name = person ? `崩溃${cycle}人${i}` : `崩溃测试${cycle}支部${i}`;
      const body = person
        ? { orgId: parentId, name, gender: '女', politicalStatus: '中共党员' }
        : { parentId, name, kind: 'branch' };
      try {
        const res = await http(s.baseUrl, c, 'POST', person ? '/api/v1/people' : '/api/v1/orgs', body);
        if (res.status >= 200 && res.status < 300) {
          acked.push({ kind: person ? 'person' : 'org', id: Number(res.json().id), name });
        } else if (!killed) {
          throw new Error(`write failed before the crash: ${res.status} ${res.text.slice(0, 200)}`);
        }
      } catch (e) {
        if (!killed) throw e;
      }
      if (!killed && acked.length - before >= WRITES) {
        killed = true;
        await s.kill9();
        crashes++;
      }
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, worker));
}

async function verifyAll(s: Spawned, c: Client) {
  const lost: Acked[] = [];
  for (let i = 0; i < acked.length; i += 20) {
    await Promise.all(
      acked.slice(i, i + 20).map(async (a) => {
        const res = await http(
          s.baseUrl,
          c,
          'GET',
          `/api/v1/${a.kind === 'org' ? 'orgs' : 'people'}/${a.id}`,
        );
        if (res.status !== 200 || res.json().name !== a.name) lost.push(a);
      }),
    );
  }
  return lost;
}

async function duplicateSends(t: Target): Promise<number> {
  const query = `select count(*)::int as n from (select 1 from reminder_sends group by subject_type, subject_id, step having count(*) > 1) d`;
  if (t.engine === 'postgres') {
    const client = new pg.Client({ connectionString: t.env.DATABASE_URL });
    await client.connect();
    try {
      return (await client.query<{ n: number }>(query)).rows[0].n;
    } finally {
      await client.end();
    }
  }
  const database = await openDatabase({ pgliteDir: path.join(t.env.DATA_DIR, 'pglite') });
  try {
    const r = (await database.db.execute(sql.raw(query))) as unknown as { rows: { n: number }[] };
    return r.rows[0].n;
  } finally {
    await database.close();
  }
}

describe('kill -9 during writes', () => {
  it(`survives ${CYCLES} crashes with no acknowledged write lost`, { timeout: 900_000 }, async () => {
    target = await makeTarget();
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      server = await spawnServer(target);
      const c = await loginHttp(server.baseUrl, 'city_admin');
      if (cycle > 0) expect(await verifyAll(server, c), 'acknowledged writes lost after restart').toEqual([]);
      await loadThenKill(server, c, await dcId(server.baseUrl, c), cycle);
    }
    server = await spawnServer(target);
    const c = await loginHttp(server.baseUrl, 'city_admin');
    const lost = await verifyAll(server, c);
    // No half-done rows: every org the list shows under 东城区 from the load opens whole.
    const listed = await http(
      server.baseUrl,
      c,
      'GET',
      `/api/v1/orgs?q=${encodeURIComponent('崩溃测试')}&pageSize=200`,
    );
    for (const o of listed.json().items as { id: number }[]) {
      expect((await http(server.baseUrl, c, 'GET', `/api/v1/orgs/${o.id}`)).status).toBe(200);
    }
    await server.stop();
    server = undefined;
    const audit = runCli(target, 'audit-verify');
    expect(audit.status, audit.out).toBe(0);
    expect(await duplicateSends(target)).toBe(0);
    console.log(
      `crash[${target.engine}]: ${crashes} kill -9 survived, ${attempted} writes attempted, ${acked.length} acknowledged, ${lost.length} lost; ${audit.out.trim()}`,
    );
    expect(lost, 'acknowledged writes lost').toEqual([]);
  });
});
