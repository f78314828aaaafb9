import { afterAll, describe, expect, it } from 'vitest';
import { halfDone, jobState, makeLadderDue, missing, withTargetDb, type JobState } from './durability.js';
import { makeTarget, runCli, spawnServer, type Spawned, type Target } from './spawned.js';
import {
  latestAcked,
  mixedWrite,
  prepareWorkload,
  WORKLOAD_ENV,
  type Acked,
  type Sample,
} from './workload.js';

/**
 * kill -9 the real server during the mixed write workload (orgs, problem transitions, task reports, public
 * opinions routed by the city), restart it, and check with the server down: every write that was acknowledged
 * (2xx) is there, no problem or opinion is caught half-way through a transition, the audit chain verifies, and
 * the reminder ladder resumes after each restart (it runs again under the new instance) without sending any
 * reminder twice. PGlite in a DATA_DIR, or PostgreSQL when TEST_DATABASE_URL is set. CRASH_CYCLES and
 * CRASH_WRITES lengthen it.
 */
const CYCLES = Number(process.env.CRASH_CYCLES ?? 2);
const WRITES = Number(process.env.CRASH_WRITES ?? 120);
const WORKERS = 6;

let target: Target | undefined;
let server: Spawned | undefined;
const acked: Acked[] = [];
const samples: Sample[] = [];
let crashes = 0;
let attempted = 0;

afterAll(async () => {
  await server?.stop();
  await target?.drop();
});

/** Workers write until `WRITES` more are acknowledged, then the server is killed with requests in flight. */
async function loadThenKill(s: Spawned, cycle: number) {
  const w = await prepareWorkload(s.baseUrl);
  let n = 0;
  let killed = false;
  const before = acked.length;
  const worker = async () => {
    while (!killed) {
      const i = n++;
      attempted++;
      const out: Sample[] = [];
      try {
        await mixedWrite(w, i, `崩溃${cycle}`, out, acked);
      } catch (e) {
        if (!killed) throw e;
      }
      if (!killed) samples.push(...out);
      if (!killed && acked.length - before >= WRITES) {
        killed = true;
        await s.kill9();
        crashes++;
      }
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, worker));
}

describe('kill -9 during writes', () => {
  it(`survives ${CYCLES} crashes with no acknowledged write lost`, { timeout: 900_000 }, async () => {
    target = await makeTarget();
    target.env = { ...target.env, ...WORKLOAD_ENV, LUOSHI_JOB_TICK_MS: '500' };
    const t = target;
    const jobs: JobState[] = [];
    for (let cycle = 0; cycle <= CYCLES; cycle++) {
      server = await spawnServer(t);
      if (cycle < CYCLES) {
        await loadThenKill(server, cycle);
      } else {
        // A clean last start: the ladder (due again) gets time to run, and SIGTERM lets a running tick finish.
        await new Promise((r) => setTimeout(r, 20_000));
        await server.stop();
      }
      server = undefined;
      jobs.push(
        await withTargetDb(t, async (ex) => {
          const lost = await missing(ex, latestAcked(acked));
          expect(lost, `acknowledged writes lost after cycle ${cycle}`).toEqual([]);
          expect(await halfDone(ex, acked)).toEqual([]);
          const state = await jobState(ex);
          await makeLadderDue(ex);
          return state;
        }),
      );
    }
    // A kill may land inside a ladder run (its transaction rolls back); it never sends a reminder twice, and
    // after the restarts it runs again under a new instance.
    for (const j of jobs) expect(j).toMatchObject({ duplicateSends: 0, duplicateInbox: 0 });
    const last = jobs[CYCLES];
    const previous = jobs.slice(0, CYCLES);
    expect(last.ladderRuns).toBeGreaterThan(Math.max(0, ...previous.map((j) => j.ladderRuns)));
    expect(previous.map((j) => j.ladderOwner)).not.toContain(last.ladderOwner);
    expect(last.sends).toBeGreaterThan(0);
    expect(samples.filter((x) => x.status >= 500 || x.status === 429)).toEqual([]);
    const audit = runCli(t, 'audit-verify');
    expect(audit.status, audit.out).toBe(0);
    const kinds = latestAcked(acked).reduce<Record<string, number>>(
      (m, a) => ({ ...m, [a.kind]: (m[a.kind] ?? 0) + 1 }),
      {},
    );
    console.log(
      `crash[${t.engine}]: ${crashes} kill -9 survived, ${attempted} write operations attempted, ${acked.length} ` +
        `writes acknowledged (${JSON.stringify(kinds)} records), 0 lost, no half transitions; reminder ladder ` +
        `ran ${last.ladderRuns} times over ${crashes + 1} starts (after each: ${jobs.map((j) => j.ladderRuns).join(', ')}), ` +
        `${last.sends} sends, ` +
        `0 duplicate sends or inbox items; ${audit.out.trim()}`,
    );
  });
});
