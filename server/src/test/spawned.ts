import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

/** The real server as a child process (crash and load suites): PGlite in DATA_DIR, or a fresh PostgreSQL db. */
const repoRoot = path.resolve(import.meta.dirname, '../../..');
const TSX = path.join(repoRoot, 'node_modules/tsx/dist/cli.mjs');

export interface Target {
  env: Record<string, string>;
  engine: 'pglite' | 'postgres';
  drop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function admin(serverUrl: string, statement: string) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Where the spawned server keeps its data: a temp DATA_DIR, and on TEST_DATABASE_URL a fresh database. */
export async function makeTarget(): Promise<Target> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'luoshi-crash-'));
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) return { env: { DATA_DIR: dataDir }, engine: 'pglite', drop: async () => {} };
  const name = `luoshi_c_${randomBytes(6).toString('hex')}`;
  await admin(
    serverUrl,
    `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`,
  );
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATA_DIR: dataDir, DATABASE_URL: url.toString(), LUOSHI_DEMO: '1' },
    engine: 'postgres',
    drop: () => admin(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

export interface Spawned {
  baseUrl: string;
  child: ChildProcess;
  /** SIGKILL the process group: no shutdown hooks, no flush */
  kill9(): Promise<void>;
  stop(): Promise<void>;
  log(): string;
}

/** nodeFlags go to the node process that runs the app (tsx passes them on), e.g. --expose-gc. */
export async function spawnServer(
  target: Target,
  timeoutMs = 240_000,
  nodeFlags: string[] = [],
): Promise<Spawned> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [TSX, ...nodeFlags, 'server/src/main.ts', 'start'], {
    cwd: repoRoot,
    env: { ...process.env, ...target.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const keep = (b: Buffer) => (output = (output + b.toString()).slice(-10_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const signal = async (sig: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
    try {
      process.kill(-child.pid, sig);
    } catch {
      child.kill(sig);
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
  };
  const s: Spawned = {
    baseUrl,
    child,
    kill9: () => signal('SIGKILL'),
    stop: async () => {
      await signal('SIGTERM');
      await signal('SIGKILL');
    },
    log: () => output,
  };
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`${baseUrl}/api/health`)).status === 200) return s;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  await s.stop();
  throw new Error(`server not healthy after ${timeoutMs} ms:\n${output}`);
}

/** Runs a CLI command of the server against the same data; returns its exit status and output. */
export function runCli(target: Target, ...args: string[]) {
  const r = spawnSync(process.execPath, [TSX, 'server/src/main.ts', ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...target.env, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

/** runCli without blocking the event loop (writers keep going while the command runs). */
export function runCliAsync(env: Record<string, string>, ...args: string[]) {
  return new Promise<{ status: number | null; out: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [TSX, 'server/src/main.ts', ...args], {
      cwd: repoRoot,
      env: { ...process.env, ...env, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    child.once('error', reject);
    child.once('exit', (status) => resolve({ status, out }));
  });
}

export interface Client {
  cookie: string;
  csrf: string;
}

export async function loginHttp(baseUrl: string, username: string): Promise<Client> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'Demo@2023' }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const cookie = String(res.headers.get('set-cookie')).split(';')[0];
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, csrf: csrfToken };
}

export async function http(baseUrl: string, c: Client, method: string, url: string, body?: object) {
  const res = await fetch(`${baseUrl}${url}`, {
    method,
    headers: {
      cookie: c.cookie,
      ...(body ? { 'content-type': 'application/json', 'x-csrf-token': c.csrf } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, text, json: () => JSON.parse(text) as Record<string, unknown> };
}
