/** Requests/s under 50 concurrent connections (autocannon) against the app and a bare Fastify route. */
import autocannon from 'autocannon';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../server/src/app.js';
import { loadConfig } from '../server/src/config.js';
import type { Database } from '../server/src/db/client.js';
import { BENCH_PASSWORD } from './load.js';

export interface HttpResult {
  name: string;
  url: string;
  connections: number;
  seconds: number;
  /** autocannon worker threads (0: in the servers' thread) */
  workers: number;
  requestsPerSec: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  non2xx: number;
  errors: number;
  target?: string;
}

interface Run {
  seconds: number;
  workers: number;
}

async function cannon(name: string, url: string, run: Run, headers: Record<string, string> = {}) {
  const { seconds, workers } = run;
  const r = await autocannon({ url, connections: 50, duration: seconds, headers, workers });
  const res: HttpResult = {
    name,
    url: new URL(url).pathname + new URL(url).search,
    connections: 50,
    seconds,
    workers,
    requestsPerSec: r.requests.average,
    latencyP50Ms: r.latency.p50,
    latencyP99Ms: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors,
  };
  return res;
}

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  if (!addr || typeof addr === 'string') throw new Error('no port');
  return `http://127.0.0.1:${addr.port}`;
}

/**
 * Both servers run in this process. autocannon runs in `workers` worker threads of it (by default one), so the
 * servers' event loop serves requests only, as it would with its clients elsewhere; on 2 cores the load
 * generator still takes CPU from the servers and the database. `workers: 0` puts it in the servers' own loop.
 */
export async function httpBench(
  database: Database,
  opts: Run & { districtId: number },
): Promise<HttpResult[]> {
  const { districtId } = opts;
  const bare = Fastify({ logger: false });
  bare.get('/bare', async () => ({ ok: true }));
  const bareUrl = await listen(bare);
  const config = loadConfig(
    {},
    { logLevel: 'silent', webDist: '/nonexistent', pgliteDir: ':memory:', demo: false },
  );
  const app = await buildApp(config, database);
  // autocannon drops its sockets when time is up; handlers still running must finish before the pool closes
  // (an aborted request may never reach onResponse, hence the 15 s cap).
  let inFlight = 0;
  app.addHook('onRequest', async () => void inFlight++);
  app.addHook('onResponse', async () => void inFlight--);
  const drain = async () => {
    for (let i = 0; i < 150 && inFlight > 0; i++) await new Promise((r) => setTimeout(r, 100));
  };
  const base = await listen(app);
  try {
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'bench_root', password: BENCH_PASSWORD }),
    });
    if (login.status !== 200) throw new Error(`login: ${login.status} ${await login.text()}`);
    const cookie = String(login.headers.get('set-cookie')).split(';')[0];
    const out: HttpResult[] = [await cannon('bare Fastify route', `${bareUrl}/bare`, opts)];
    const routes = [
      ['GET /api/v1/dashboard (root)', '/api/v1/dashboard'],
      ['GET /api/v1/dashboard (district)', `/api/v1/dashboard?orgId=${districtId}`],
      ['GET /api/v1/problems/rollup (root)', '/api/v1/problems/rollup'],
      ['GET /api/v1/problems/rollup (district)', `/api/v1/problems/rollup?orgId=${districtId}`],
      ['GET /api/v1/opinion-stats (root)', '/api/v1/opinion-stats'],
    ] as const;
    for (const [name, route] of routes) {
      out.push({
        ...(await cannon(name, base + route, opts, { cookie })),
        target: '≥ 1,500 req/s, p99 ≤ 50 ms',
      });
      await drain();
    }
    out.push({
      ...(await cannon('GET /api/v1/public/stats (no session)', `${base}/api/v1/public/stats`, opts)),
      target: '≥ 3,000 req/s',
    });
    await drain();
    // last: at province scale home still aggregates rows (seconds a request), and the requests autocannon
    // leaves behind keep the database busy well past the drain, which would slow whatever ran next
    out.push(await cannon('GET /api/v1/home (root)', `${base}/api/v1/home`, opts, { cookie }));
    await drain();
    return out;
  } finally {
    await app.close();
    await bare.close();
  }
}
