import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import {
  http,
  loginHttp,
  makeTarget,
  spawnServer,
  type Client,
  type Spawned,
  type Target,
} from './spawned.js';

/**
 * Mixed realistic traffic against the real server: 20 concurrent connections of several accounts reading the
 * org tree, people, tasks, problems and the inbox, with some writes. LOAD_SECONDS (default 30; 1800 for the
 * long run) after a warm-up; no errors, p99 reported, RSS growth after warm-up under 10%.
 */
const SECONDS = Number(process.env.LOAD_SECONDS ?? 30);
const WARMUP = Math.min(10, Math.max(5, SECONDS / 6));
const CONNECTIONS = 20;

let target: Target | undefined;
let server: Spawned | undefined;
afterAll(async () => {
  await server?.stop();
  await target?.drop();
});

/** Resident memory of the server's process group (tsx runs the app in a child), in KiB. */
function rssKiB(pgid: number): number {
  const out = execFileSync('ps', ['-o', 'rss=', '-g', String(pgid)], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((l) => Number(l.trim()) || 0)
    .reduce((a, b) => a + b, 0);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

describe('load', () => {
  it(`mixed traffic for ${SECONDS}s`, { timeout: (SECONDS + WARMUP + 300) * 1000 }, async () => {
    target = await makeTarget();
    server = await spawnServer(target);
    const s = server;
    const users = ['city_admin', 'district_admin', 'branch_secretary', 'dept_liaison', 'supervisor'];
    const clients: Client[] = [];
    for (const u of users) clients.push(await loginHttp(s.baseUrl, u));
    const dcRes = await http(
      s.baseUrl,
      clients[0],
      'GET',
      `/api/v1/orgs?q=${encodeURIComponent('东城区委员会')}`,
    );
    const dc = (dcRes.json().items as { id: number }[])[0].id;
    const reads = [
      '/api/v1/orgs/roots',
      `/api/v1/orgs?parentId=${dc}`,
      `/api/v1/orgs/${dc}`,
      `/api/v1/orgs/${dc}/children`,
      `/api/v1/orgs?q=${encodeURIComponent('支部')}`,
      '/api/v1/people?pageSize=50',
      `/api/v1/people?q=${encodeURIComponent('王')}`,
      '/api/v1/campaigns',
      '/api/v1/tasks',
      '/api/v1/assignments',
      '/api/v1/problems?pageSize=50',
      '/api/v1/inbox',
      '/api/v1/auth/me',
    ];
    const latencies: number[] = [];
    const errors: string[] = [];
    const samples: { at: number; rss: number }[] = [];
    let measuring = false;
    let n = 0;
    const start = Date.now();
    const end = start + (WARMUP + SECONDS) * 1000;
    const sampler = setInterval(() => {
      if (s.child.pid) samples.push({ at: Date.now() - start, rss: rssKiB(s.child.pid) });
    }, 1000);
    const conn = async (k: number) => {
      const c = clients[k % clients.length];
      while (Date.now() < end) {
        const i = n++;
        const write = k === 0 && i % 10 === 0; // city_admin writes now and then
        const t0 = performance.now();
        const res = write
          ? await http(s.baseUrl, c, 'POST', '/api/v1/orgs', {
              parentId: dc,
              name: `压测支部${i}`,
              kind: 'branch',
            })
          : await http(s.baseUrl, c, 'GET', reads[i % reads.length]);
        const ms = performance.now() - t0;
        if (Date.now() - start > WARMUP * 1000) {
          measuring = true;
          latencies.push(ms);
        }
        // 403/404 are answers (an account without the ability); 5xx and 429 are not.
        if (res.status >= 500 || res.status === 429 || res.status === 401)
          errors.push(`${res.status} ${res.text.slice(0, 120)}`);
      }
    };
    await Promise.all(Array.from({ length: CONNECTIONS }, (_, k) => conn(k)));
    clearInterval(sampler);
    expect(measuring).toBe(true);
    const sorted = [...latencies].sort((a, b) => a - b);
    const p = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))].toFixed(1);
    const warm = samples.filter((x) => x.at >= WARMUP * 1000);
    const base = median(warm.slice(0, 3).map((x) => x.rss));
    const last = median(warm.slice(-3).map((x) => x.rss));
    const growth = (last - base) / base;
    console.log(
      `load[${target.engine}]: ${SECONDS}s × ${CONNECTIONS} connections, ${latencies.length} requests ` +
        `(${(latencies.length / SECONDS).toFixed(0)}/s), p50 ${p(0.5)} ms, p99 ${p(0.99)} ms, max ${p(1)} ms, ` +
        `${errors.length} errors; RSS ${(base / 1024).toFixed(0)} → ${(last / 1024).toFixed(0)} MiB (${(growth * 100).toFixed(1)}%)`,
    );
    expect(errors.slice(0, 10)).toEqual([]);
    expect(growth).toBeLessThan(0.1);
  });
});
