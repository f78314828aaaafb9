import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

/** The CLI as a user runs it: `npm run luoshi -- <command>`, each a separate process on its own data directory. */
const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-cli-'));
const dirA = path.join(tmp, 'a');
const dirB = path.join(tmp, 'b');

async function luoshi(dataDir: string, ...args: string[]) {
  return luoshiWith({}, dataDir, ...args);
}

async function luoshiWith(extra: NodeJS.ProcessEnv, dataDir: string, ...args: string[]) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    PORT: '0',
    ...extra,
  };
  delete env.DATABASE_URL;
  try {
    const r = await run(
      process.execPath,
      [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'server/src/main.ts', ...args],
      {
        cwd: root,
        env,
        timeout: 120_000,
      },
    );
    return { code: 0, out: r.stdout, err: r.stderr };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    return { code: x.code ?? 1, out: x.stdout ?? '', err: x.stderr ?? '' };
  }
}

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('luoshi CLI', () => {
  it('fails with a one-line reason on an unknown command', async () => {
    const r = await luoshi(dirA, 'frobnicate');
    expect(r.code).not.toBe(0);
    expect(r.err.trim().split('\n').at(-1)).toBe('error: unknown command frobnicate');
  });

  it('seeds, verifies, backs up and restores into an empty data directory with identical data', async () => {
    const seeded = await luoshi(dirA, 'seed-demo');
    expect(seeded.code, seeded.err).toBe(0);
    expect(seeded.out).toMatch(/seeded: 6\d\d orgs/);
    expect((await luoshi(dirA, 'seed-demo')).err).toMatch(/not empty/);

    const admin = await luoshi(
      dirA,
      'create-admin',
      'ops_admin',
      '--password',
      'Qinghe#2026x',
      '--role',
      'sysadmin',
    );
    expect(admin.code, admin.err).toBe(0);
    const weak = await luoshi(dirA, 'create-admin', 'weak_admin', '--password', '123');
    expect(weak.code).not.toBe(0);
    expect(weak.err).toMatch(/^error: password: /m);

    const xlsx = path.join(tmp, 'orgs.xlsx');
    const exported = await luoshi(dirA, 'export-orgs', xlsx);
    expect(exported.code, exported.err).toBe(0);
    expect(fs.statSync(xlsx).size).toBeGreaterThan(10_000);

    const file = path.join(tmp, 'backup.jsonl.gz');
    const backup = await luoshi(dirA, 'backup', file);
    expect(backup.code, backup.err).toBe(0);
    const restore = await luoshi(dirB, 'restore', file);
    expect(restore.code, restore.err).toBe(0);
    // Same tables, same row counts, both ways.
    expect(restore.out.replace('restore', 'backup')).toBe(backup.out);
    const verify = await luoshi(dirB, 'audit-verify');
    expect(verify.code, verify.err).toBe(0);
    expect(verify.out).toMatch(/audit chain ok: [1-9]\d* events/);
    // Outside demo mode the server will not start while demo passwords remain, and says why.
    const refused = await luoshiWith({ LUOSHI_DEMO: '0' }, dirB, 'start');
    expect(refused.code).not.toBe(0);
    expect(refused.err).toMatch(/^error: 拒绝启动：9 个账号仍在使用演示密码.*LUOSHI_DEMO=1/m);
    // A restore refuses a database that already has data.
    const again = await luoshi(dirB, 'restore', file);
    expect(again.code).not.toBe(0);
  }, 600_000);
});
