import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './db/client.js';
import { migrate } from './db/migrate.js';

/** `npm run luoshi -- verify-rollups` as an operator runs it, on a PGlite data directory of its own. */
const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-rollups-'));

async function luoshi(...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: tmp, LOG_LEVEL: 'silent' };
  delete env.DATABASE_URL;
  try {
    const r = await run(
      process.execPath,
      [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'server/src/main.ts', ...args],
      { cwd: root, env, timeout: 120_000 },
    );
    return { code: 0, out: r.stdout, err: r.stderr };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    return { code: x.code ?? 1, out: x.stdout ?? '', err: x.stderr ?? '' };
  }
}

/** Runs statements on the CLI's database between two CLI runs (PGlite allows one process at a time). */
async function onDisk(...statements: ReturnType<typeof sql>[]) {
  const database = await openDatabase({ pgliteDir: path.join(tmp, 'pglite') });
  try {
    await migrate(database);
    for (const s of statements) await database.db.execute(s);
  } finally {
    await database.close();
  }
}

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('luoshi verify-rollups', () => {
  it('passes on exact counters and, on a wrong one, exits non-zero naming it', async () => {
    await onDisk(
      sql`insert into orgs (name, kind, path, depth) values ('市委', 'party_org', '1', 0)`,
      sql`insert into campaigns (code, name, issuing_org_id) values ('C', '主题教育', 1)`,
      sql`insert into problems (campaign_id, seq, number, title, category, source, org_id, issuing_org_id,
        deadline, status) values (1, 1, 'C-1', '问题', 'c', 's', 1, 1, current_date + 3, 'open')`,
    );
    const ok = await luoshi('verify-rollups');
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toMatch(/^rollups ok/m);

    await onDisk(sql`update rollup_problems set n = n + 2 where org_id = 1 and kind = 0`);
    const bad = await luoshi('verify-rollups');
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/^problems: 1 counter\(s\) differ from a recomputation$/m);
    expect(bad.err).toMatch(/^ {2}1\/1\/open\/0\/-infinity: stored 3, recomputed 1$/m);
    expect(bad.err).toMatch(
      /^error: rollups wrong in problems; `select rollup_rebuild\(\)` recomputes them$/m,
    );
  }, 300_000);
});
