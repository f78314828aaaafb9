import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import type { Executor } from '../db/client.js';
import { verifyAuditChain } from '../platform/audit/audit.js';
import { checksums } from '../platform/backup-catalog.js';
import { backupDatabase, restoreDatabase } from '../platform/backup.js';
import { verifyRollups } from '../modules/dashboard/rollup.verify.js';
import { makeTestApp, type TestApp } from './app.js';
import { openTestDatabase, queryRows, type TestDatabase } from './db.js';
import { halfDone, missing } from './durability.js';
import { runCliAsync } from './spawned.js';
import {
  latestAcked,
  mixedWrite,
  prepareWorkload,
  WORKLOAD_ENV,
  type Acked,
  type Sample,
} from './workload.js';

/**
 * An online backup taken while the workload mix keeps writing (orgs, problem lifecycles, task reports, public
 * opinions), restored into a fresh database. On PostgreSQL the backup is the `backup` CLI in its own process;
 * on PGlite (one process owns the data) it is backupDatabase inside the server's process. The restore must be a
 * consistent snapshot: every write acknowledged before the backup began is there, no record is caught half-way
 * through a transition, the audit chain verifies, and every table checksums as the source did in the backup's
 * snapshot (the trailer's checksums are taken in the same transaction as the rows).
 */
const WRITERS = 4;

let t: TestApp | undefined;
let restored: TestDatabase | undefined;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-online-backup-'));
afterAll(async () => {
  await t?.close();
  await restored?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function until(cond: () => boolean, ms = 300_000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting for the workload');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const one = async <T>(ex: Executor, q: ReturnType<typeof sql>) => (await queryRows<T>(ex, q))[0];

describe('online backup while writes continue', () => {
  it(
    'restores a consistent snapshot with every write acknowledged before it began',
    { timeout: 900_000 },
    async () => {
      t = await makeTestApp({ demo: true, config: { publicSide: loadConfig(WORKLOAD_ENV).publicSide } });
      await t.app.listen({ host: '127.0.0.1', port: 0 });
      const w = await prepareWorkload(`http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`);
      const acked: Acked[] = [];
      const samples: Sample[] = [];
      let stop = false;
      let n = 0;
      const writer = async () => {
        while (!stop) await mixedWrite(w, n++, '备份', samples, acked);
      };
      const writers = Array.from({ length: WRITERS }, writer);
      try {
        await until(() => acked.length >= 40);
        const before = acked.length;
        const file = path.join(dir, 'online.jsonl.gz');
        const started = Date.now();
        const url = t.tdb.url;
        if (url) {
          const r = await runCliAsync({ DATABASE_URL: url, DATA_DIR: dir }, 'backup', file);
          expect(r.status, r.out).toBe(0);
        } else {
          await backupDatabase(t.tdb.database, file);
        }
        const took = Date.now() - started;
        const during = acked.length - before;
        // The source moves on past the snapshot before the writers stop.
        await until(() => acked.length >= before + during + 20);
        stop = true;
        await Promise.all(writers);

        expect(samples.filter((x) => x.status >= 500 || x.status === 429)).toEqual([]);
        restored = await openTestDatabase();
        const loaded = await restoreDatabase(restored.database, file);
        const ex = restored.database.db;

        const lost = await missing(ex, latestAcked(acked.slice(0, before)));
        expect(lost, 'writes acknowledged before the backup began are missing').toEqual([]);
        expect(await halfDone(ex, acked)).toEqual([]);
        const audit = await verifyAuditChain(ex);
        expect(audit.ok, JSON.stringify(audit)).toBe(true);
        // The roll-up counters are not in the file: the triggers rebuilt them exactly as the rows went in.
        expect(await verifyRollups(ex)).toEqual([]);

        // Identical to the source at the snapshot: the trailer's checksums come from the snapshot's transaction.
        const lines = gunzipSync(fs.readFileSync(file)).toString().trim().split('\n');
        const header = JSON.parse(lines[0]) as { tables: { name: string; columns: { name: string }[] }[] };
        const trailer = JSON.parse(lines.at(-1) ?? '{}') as { checksums: Record<string, string> };
        expect(await checksums(ex, header.tables)).toEqual(trailer.checksums);
        // …and the source did move on: it holds writes the snapshot does not.
        const orgsNow = await one<{ n: number }>(t.db, sql`select count(*)::int as n from orgs`);
        expect(orgsNow.n).toBeGreaterThan(loaded.tables.orgs);

        const rows = Object.values(loaded.tables).reduce((a, b) => a + b, 0);
        console.log(
          `backup-online[${t.tdb.url ? 'postgres, CLI process' : 'pglite, in process'}]: backup of ${rows} rows ` +
            `(${loaded.tables.orgs} orgs, ${loaded.tables.audit_events} audit events) took ${took} ms with ` +
            `${WRITERS} writers; ${before} writes acknowledged before it began, ${during} during it, ` +
            `${acked.length} in all, ${samples.length} requests; 0 lost, no half transitions, ` +
            `audit chain ok (${audit.checked} events), ${header.tables.length} table checksums equal`,
        );
      } finally {
        stop = true;
        await Promise.allSettled(writers);
      }
    },
  );
});
