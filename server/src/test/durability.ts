import path from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase, type Executor } from '../db/client.js';
import { queryRows } from './db.js';
import type { Target } from './spawned.js';
import type { Acked } from './workload.js';

/** Checks on stored data after a crash or a restore: acknowledged writes, half transitions, job duplicates. */

const one = async <T>(ex: Executor, q: ReturnType<typeof sql>) => (await queryRows<T>(ex, q))[0];

/** Opens the spawned server's data while the server is down (PGlite is one process). */
export async function withTargetDb<T>(target: Target, run: (ex: Executor) => Promise<T>): Promise<T> {
  const database = await openDatabase(
    target.engine === 'postgres'
      ? { databaseUrl: target.env.DATABASE_URL, pgliteDir: ':memory:' }
      : { pgliteDir: path.join(target.env.DATA_DIR, 'pglite') },
  );
  try {
    return await run(database.db);
  } finally {
    await database.close();
  }
}

/** Acknowledged facts that are missing, or older than acknowledged (a problem's state may only have moved on). */
export async function missing(ex: Executor, facts: Acked[]): Promise<Acked[]> {
  const lost: Acked[] = [];
  for (const a of facts) {
    let ok: boolean;
    if (a.kind === 'org') {
      const r = await one<{ name: string }>(ex, sql`select name from orgs where id = ${a.id}`);
      ok = r?.name === a.name;
    } else if (a.kind === 'problem') {
      const r = await one<{ status: string; version: number }>(
        ex,
        sql`select status, version from problems where id = ${a.id}`,
      );
      ok = Boolean(r) && (r.version > a.version || (r.version === a.version && r.status === a.status));
    } else if (a.kind === 'report') {
      const r = await one<{ n: number }>(
        ex,
        sql`select count(*)::int as n from assignment_reports
            where assignment_id = ${a.assignmentId} and content = ${a.content}`,
      );
      ok = r.n === 1;
    } else {
      const r = await one<{ code: string }>(ex, sql`select code from opinions where id = ${a.id}`);
      ok = r?.code === a.code;
    }
    if (!ok) lost.push(a);
  }
  return lost;
}

/**
 * Records the workload touched whose status is not the one their last event moved them to: a transition caught
 * half-way. (The demo seed writes its problems' states without the full event trail, so only these are checked.)
 */
export async function halfDone(ex: Executor, acked: Acked[]): Promise<string[]> {
  const ids = (kind: Acked['kind']) => [
    ...new Set(acked.flatMap((a) => (a.kind === kind && 'id' in a ? [a.id] : []))),
  ];
  const check = async (table: string, events: string, fk: string, touched: number[]) =>
    touched.length === 0
      ? []
      : (
          await queryRows<{ id: number; status: string; last: string | null }>(
            ex,
            sql.raw(`select x.id, x.status, e.to_status as last from ${table} x
              left join lateral (select to_status from ${events} where ${fk} = x.id and to_status is not null
                                 order by id desc limit 1) e on true
              where x.id in (${touched.join(',')}) and x.status is distinct from e.to_status`),
          )
        ).map((r) => `${table} ${r.id}: ${r.status} but last event → ${r.last}`);
  return [
    ...(await check('problems', 'problem_events', 'problem_id', ids('problem'))),
    ...(await check('opinions', 'opinion_events', 'opinion_id', ids('opinion'))),
  ];
}

export interface JobState {
  ladderRuns: number;
  ladderOwner: string | null;
  sends: number;
  /** (subject, step) sent more than once */
  duplicateSends: number;
  /** the same reminder in the same inbox more than once */
  duplicateInbox: number;
}

export async function jobState(ex: Executor): Promise<JobState> {
  const run = await one<{ runs: number; owner: string | null }>(
    ex,
    sql`select runs, last_owner as owner from job_runs where name = 'reminder-ladder'`,
  );
  const sends = await one<{ n: number }>(ex, sql`select count(*)::int as n from reminder_sends`);
  const dupSends = await one<{ n: number }>(
    ex,
    sql`select count(*)::int as n from (select 1 from reminder_sends
        group by subject_type, subject_id, step having count(*) > 1) d`,
  );
  const dupInbox = await one<{ n: number }>(
    ex,
    sql`select count(*)::int as n from (select 1 from inbox_items where kind = 'reminder'
        group by user_id, subject_type, subject_id, title having count(*) > 1) d`,
  );
  return {
    ladderRuns: run?.runs ?? 0,
    ladderOwner: run?.owner ?? null,
    sends: sends.n,
    duplicateSends: dupSends.n,
    duplicateInbox: dupInbox.n,
  };
}

/** Moves the ladder's last run back past its interval: the next start finds it due, as after a long outage. */
export async function makeLadderDue(ex: Executor): Promise<void> {
  await ex.execute(
    sql`update job_runs set last_run_at = last_run_at - interval '11 minutes' where name = 'reminder-ladder'`,
  );
}
