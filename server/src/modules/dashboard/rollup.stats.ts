import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { rows } from '../tasks/tasks.sql.js';
import { idArray, opinionCountsFrom, opinionCountsSql, type OpinionCounts } from './rollup.repo.js';

/**
 * Reads of the counters behind the public and staff statistics (the `stats_rollups_sql` migration): one primary
 * key lookup per unit, whatever the size of its subtree.
 */

export interface PublicProblemCounts {
  /** 是否公开 and not a draft or cancelled: what the portal lists */
  published: number;
  signedOff: number;
}

export interface DeedCounts {
  deeds: number;
  /** the average of the deeds' weighted progress, rounded to a whole percent; null without deeds */
  progress: number | null;
}

export interface PublicCounts {
  opinions: Map<number, OpinionCounts>;
  problems: Map<number, PublicProblemCounts>;
  deeds: Map<number, DeedCounts>;
}

/**
 * Everything the public statistics show per unit subtree — the opinions' counts, published and signed-off
 * problems, deeds and their average progress — in one statement; every unit asked for is in each map.
 */
export async function publicCountsOf(
  ex: Executor,
  orgIds: number[],
  toleranceHours: number,
): Promise<PublicCounts> {
  const ids = idArray(orgIds);
  type Row = { part: number; org_id: number; metric: number; n: number; m: number | null };
  const list = orgIds.length
    ? await rows<Row>(
        ex,
        sql`select 0 as part, org_id, metric, n, null::int as m from (${opinionCountsSql(orgIds, toleranceHours)}) o
          union all
          select 1, org_id, 0, published, signed_off from rollup_public_problems where org_id = any(${ids})
          union all
          select 2, org_id, 0, n, round(progress_sum / nullif(n, 0))::int from rollup_deeds
          where org_id = any(${ids})`,
      )
    : [];
  const of = (part: number) => new Map(list.filter((r) => r.part === part).map((r) => [Number(r.org_id), r]));
  const [problems, deeds] = [of(1), of(2)];
  return {
    opinions: opinionCountsFrom(
      list.filter((r) => r.part === 0),
      orgIds,
    ),
    problems: new Map(
      orgIds.map((id) => {
        const r = problems.get(id);
        return [id, { published: Number(r?.n ?? 0), signedOff: Number(r?.m ?? 0) }];
      }),
    ),
    deeds: new Map(
      orgIds.map((id) => {
        const r = deeds.get(id);
        const n = Number(r?.n ?? 0);
        return [id, { deeds: n, progress: n && r?.m != null ? Number(r.m) : null }];
      }),
    ),
  };
}

const HOUR_MS = 3_600_000;

/**
 * Opinions overdue at `at` per unit subtree (visible, not unreasonable): answered later than the answer deadline
 * plus the tolerance, or still open and unanswered with that time passed. From the counters — metric 7 (hours
 * late) and metric 8 (open ones by their deadline's hour) — plus, for the one hour the cut-off falls in, the
 * open opinions themselves, found by the partial index on their answer deadline.
 */
export async function opinionOverdueOf(
  ex: Executor,
  orgIds: number[],
  toleranceHours: number,
  at: Date,
): Promise<Map<number, number>> {
  const out = new Map(orgIds.map((id) => [id, 0]));
  if (orgIds.length === 0) return out;
  const t = Math.floor(toleranceHours);
  const cutoff = new Date(at.getTime() - t * HOUR_MS);
  const hour = Math.floor(cutoff.getTime() / HOUR_MS);
  const ids = idArray(orgIds);
  const list = await rows<{ org_id: number; n: number }>(
    ex,
    sql`select org_id, sum(n)::int as n from (
        select org_id, n from rollup_opinions where org_id = any(${ids}) and metric = 7 and bucket > ${t}
        union all
        select org_id, n from rollup_opinions where org_id = any(${ids}) and metric = 8 and bucket < ${hour}
        union all
        select u.id, 1 from opinions op
        join orgs o on o.id = op.org_id
        join orgs u on u.id = any(${ids}) and o.path <@ u.path
        where op.answered_at is null and op.status <> 'closed' and not op.hidden and not op.unreasonable
          and op.answer_deadline >= ${new Date(hour * HOUR_MS).toISOString()}::timestamptz
          and op.answer_deadline < ${cutoff.toISOString()}::timestamptz
      ) x group by org_id`,
  );
  for (const r of list) out.set(Number(r.org_id), Number(r.n));
  return out;
}
