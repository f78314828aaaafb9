import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { http, makeTarget, spawnServer, type Client, type Spawned, type Target } from './spawned.js';
import { mixedWrite, prepareWorkload, WORKLOAD_ENV, type Acked, type Sample } from './workload.js';

/**
 * Mixed realistic traffic against the real server on the demo city: 20 concurrent connections, 16 of them
 * reading (org tree, search, people, tasks, assignments, problems, inbox) as five accounts and 4 writing the
 * workload mix (orgs, problem lifecycles, task reports, public opinions routed by the city). LOAD_SECONDS
 * (default 30; 1800 for the long run) after a warm-up. No errors; p50/p99 per route class; RSS growth of the
 * server's process group from the end of the warm-up to the end under 10%.
 *
 * Between major collections the heap climbs a few MB a second and then drops by 20–25%, so two RSS samples
 * taken at arbitrary moments differ by that much with no leak at all. Both ends are therefore measured after a
 * full garbage collection (the server runs with --expose-gc; SIGUSR2 asks it to collect), which is the memory
 * that is really held; the per-second samples give the peak.
 */
const SECONDS = Number(process.env.LOAD_SECONDS ?? 30);
// Caches and the JIT settle in the first seconds: RSS is measured from the end of the warm-up.
const WARMUP = Math.min(60, Math.max(15, SECONDS / 6));
const CONNECTIONS = 20;
const WRITERS = 4;

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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** RSS of the process group right after a full garbage collection in the app's node process (tsx's child). */
async function rssAfterGc(tsxPid: number): Promise<number> {
  const app = execFileSync('ps', ['-o', 'pid=', '--ppid', String(tsxPid)], { encoding: 'utf8' })
    .split('\n')
    .map((l) => Number(l.trim()))
    .filter((x) => x > 0);
  expect(app).toHaveLength(1);
  process.kill(app[0], 'SIGUSR2');
  await sleep(2000);
  return rssKiB(tsxPid);
}

function percentile(sorted: number[], q: number): string {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))].toFixed(0);
}

/** One line per route class: requests, p50, p99, max. */
function byClass(samples: Sample[]): string[] {
  const groups = new Map<string, number[]>();
  for (const s of samples) groups.set(s.cls, [...(groups.get(s.cls) ?? []), s.ms]);
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([cls, ms]) => {
      const sorted = ms.sort((a, b) => a - b);
      return `  ${cls.padEnd(14)} ${String(sorted.length).padStart(7)} req  p50 ${percentile(sorted, 0.5)} ms  p99 ${percentile(sorted, 0.99)} ms  max ${percentile(sorted, 1)} ms`;
    });
}

/** Non-2xx answers by route class and status (403/404/409 are answers, not errors). */
function nonOk(samples: Sample[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of samples.filter((y) => y.status >= 300)) {
    out[`${x.cls} ${x.status}`] = (out[`${x.cls} ${x.status}`] ?? 0) + 1;
  }
  return out;
}

async function total(s: Spawned, c: Client, url: string): Promise<number> {
  return Number((await http(s.baseUrl, c, 'GET', url)).json().total);
}

describe('load', () => {
  it(`mixed traffic for ${SECONDS}s`, { timeout: (SECONDS + WARMUP + 900) * 1000 }, async () => {
    target = await makeTarget();
    target.env = { ...target.env, ...WORKLOAD_ENV };
    server = await spawnServer(target, undefined, ['--expose-gc']);
    const s = server;
    const w = await prepareWorkload(s.baseUrl);
    const readers: Client[] = [w.users.city, w.users.district, w.users.secretary, w.users.member];
    const dc = w.ids.dc;
    const reads: [string, string][] = [
      ['read:tree', '/api/v1/orgs/roots'],
      ['read:tree', `/api/v1/orgs/${dc}/children`],
      ['read:list', `/api/v1/orgs?parentId=${dc}`],
      ['read:detail', `/api/v1/orgs/${dc}`],
      ['read:search', `/api/v1/orgs?q=${encodeURIComponent('支部')}`],
      ['read:list', '/api/v1/people?pageSize=50'],
      ['read:search', `/api/v1/people?q=${encodeURIComponent('王')}`],
      ['read:list', '/api/v1/campaigns'],
      ['read:list', '/api/v1/tasks'],
      ['read:list', '/api/v1/assignments'],
      ['read:list', '/api/v1/problems?pageSize=50'],
      ['read:list', '/api/v1/opinions?pageSize=50'],
      ['read:list', '/api/v1/inbox'],
      ['read:home', '/api/v1/home'],
      ['read:me', '/api/v1/auth/me'],
    ];
    const scale = {
      orgs: await total(s, w.users.city, '/api/v1/orgs?pageSize=1'),
      people: await total(s, w.users.city, '/api/v1/people?pageSize=1'),
      problems: await total(s, w.users.city, '/api/v1/problems?pageSize=1'),
    };
    const measured: Sample[] = [];
    const errors: string[] = [];
    const acked: Acked[] = [];
    const rss: { at: number; kib: number }[] = [];
    let n = 0;
    const start = Date.now();
    const pid = s.child.pid;
    if (!pid) throw new Error('server has no pid');
    const sampler = setInterval(() => rss.push({ at: Date.now() - start, kib: rssKiB(pid) }), 1000);
    /** The 20 connections until `until`; answers are measured only when `measure` is set. */
    const phase = (until: number, measure: boolean) => {
      const conn = async (k: number) => {
        while (Date.now() < until) {
          const i = n++;
          const out: Sample[] = [];
          if (k < WRITERS) {
            await mixedWrite(w, i, '压测', out, acked);
          } else {
            const [cls, url] = reads[i % reads.length];
            const c = readers[k % readers.length];
            const t0 = performance.now();
            const res = await http(s.baseUrl, c, 'GET', url);
            out.push({ cls, status: res.status, ms: performance.now() - t0 });
          }
          for (const x of out) {
            // 403/404 are answers (an account without the ability); 5xx, 401 and 429 are not.
            if (x.status >= 500 || x.status === 429 || x.status === 401) errors.push(`${x.status} ${x.cls}`);
            if (measure) measured.push(x);
          }
        }
      };
      return Promise.all(Array.from({ length: CONNECTIONS }, (_, k) => conn(k)));
    };
    // Warm-up, then the traffic pauses for the baseline (a full collection with nothing in flight), then the
    // measured run, then the same collection at the end.
    await phase(start + WARMUP * 1000, false);
    const base = await rssAfterGc(pid);
    const measuredFrom = Date.now() - start;
    await phase(Date.now() + SECONDS * 1000, true);
    clearInterval(sampler);
    const last = await rssAfterGc(pid);
    expect(measured.length).toBeGreaterThan(0);
    const all = measured.map((x) => x.ms).sort((a, b) => a - b);
    const warm = rss.filter((x) => x.at >= measuredFrom);
    const growth = (last - base) / base;
    const writes = measured.filter((x) => x.cls.startsWith('write:')).length;
    console.log(
      [
        `load[${target.engine}]: ${SECONDS}s after ${WARMUP}s warm-up × ${CONNECTIONS} connections (${WRITERS} writing); ` +
          `data ${scale.orgs} orgs, ${scale.people} people, ${scale.problems} problems at start`,
        `  ${measured.length} requests (${(measured.length / SECONDS).toFixed(1)}/s, ${writes} writes, ${acked.length} writes acknowledged), ` +
          `${errors.length} errors, non-2xx ${measured.filter((x) => x.status >= 300).length}; ` +
          `p50 ${percentile(all, 0.5)} ms, p99 ${percentile(all, 0.99)} ms`,
        ...byClass(measured),
        `  non-2xx answers: ${JSON.stringify(nonOk(measured))}`,
        `  RSS after a full GC: end of warm-up ${(base / 1024).toFixed(0)} MiB → end ${(last / 1024).toFixed(0)} MiB (${(growth * 100).toFixed(1)}%), ` +
          `peak ${(Math.max(...warm.map((x) => x.kib)) / 1024).toFixed(0)} MiB`,
      ].join('\n'),
    );
    expect(errors.slice(0, 10)).toEqual([]);
    expect(growth).toBeLessThan(0.1);
  });
});
