import { spawn, type ChildProcess } from 'node:child_process';
import { chromium, type Browser, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface RunningServer {
  baseUrl: string;
  dataDir: string;
  stop: () => Promise<void>;
}

const repoRoot = path.resolve(import.meta.dirname, '..');

function freePort(): Promise<number> {
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

async function waitHealthy(baseUrl: string, child: ChildProcess, log: () => string, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${log()}`);
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`server not healthy after ${timeoutMs} ms:\n${log()}`);
}

/**
 * Starts the built app (server + dist/web) on a free port with a fresh DATA_DIR; demo mode seeds the demo city
 * before the server listens, so a healthy server is a seeded one.
 */
export async function startServer(opts: { timeoutMs?: number } = {}): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'luoshi-e2e-'));
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(path.join(repoRoot, 'node_modules/.bin/tsx'), ['server/src/main.ts', 'start'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const keep = (b: Buffer) => {
    output = (output + b.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      try {
        process.kill(-child.pid, 'SIGTERM'); // the server and the node process tsx started for it
      } catch {
        child.kill('SIGTERM');
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    await waitHealthy(baseUrl, child, () => output, opts.timeoutMs ?? 120_000);
  } catch (e) {
    await stop();
    throw e;
  }
  return { baseUrl, dataDir, stop };
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-sync',
];

/** The machine's chromium, headless. */
export const launchChromium = () =>
  chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });

/** A new browser context (its own cookies) logged in as a demo account. */
export async function loginPage(
  browser: Browser,
  baseUrl: string,
  username: string,
  options: BrowserContextOptions,
  password = 'Demo@2023',
): Promise<Page> {
  const page = await (await browser.newContext(options)).newPage();
  await page.goto(`${baseUrl}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 30_000 });
  return page;
}

/**
 * Types `typed` into a searching antd select (`type` does the typing) and clicks the option showing `text` once the
 * select shows the answer to the whole text. The pickers search a moment after the last key; an option clicked in the
 * list shown before (the first page, or the answer to fewer letters) can be re-rendered away under the click, which
 * then selects nothing or a neighbour. So: wait for the response to `q=typed`, then for the select to stop loading
 * (it sets its options in the same render).
 */
export async function pickSearched(
  page: Page,
  select: Locator,
  typed: string,
  text: string,
  type: () => Promise<void>,
): Promise<Locator> {
  const answered = page.waitForResponse((r) => new URL(r.url()).searchParams.get('q') === typed.trim(), {
    timeout: 30_000,
  });
  await type();
  await answered;
  await page.waitForFunction(
    (el) => !el?.classList.contains('ant-select-loading'),
    await select.elementHandle(),
    {
      timeout: 30_000,
    },
  );
  const option = page
    .locator('.ant-select-dropdown:visible .ant-select-item-option')
    .filter({ hasText: text })
    .first();
  await option.waitFor({ timeout: 30_000 });
  return option;
}
