import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { publicCountsOf, rate } from '../modules/dashboard/dashboard.service.js';
import { unitStats } from '../modules/opinions/opinions.stats.js';
import { rows } from '../modules/tasks/tasks.sql.js';
import { resetClock, setNow } from '../platform/clock.js';

/**
 * The statistics as they were computed before the counters, row by row over every org of each subtree: the
 * oracle the counter-based staff and public statistics must equal (rollup.property.test.ts).
 */

const idList = (ids: number[]) =>
  sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );

/** The oracle's opinion columns, in the order the comparison lists them. */
const OPINION_COLUMNS = 'received signed_on_time answered resolved rated satisfied overdue excluded'.split(
  ' ',
);
type OracleOpinions = Record<string, number>;

/** Opinions per unit subtree: hidden ones nowhere, unreasonable ones only as excluded; overdue at `at`. */
export async function oracleOpinions(ex: Executor, ids: number[], toleranceHours: number, at: Date) {
  const tol = sql`make_interval(hours => ${toleranceHours})`;
  const ok = sql`('满意', '比较满意')`;
  return rows<OracleOpinions>(
    ex,
    sql`select u.id as org_id,
        count(op.id) filter (where not op.unreasonable)::int as received,
        count(op.id) filter (where not op.unreasonable and op.signed_at <= op.sign_deadline + ${tol})::int
          as signed_on_time,
        count(op.id) filter (where not op.unreasonable and op.answered_at is not null)::int as answered,
        count(op.id) filter (where not op.unreasonable and op.answered_at is not null
          and (op.rating is null or op.rating in ${ok}))::int as resolved,
        count(op.id) filter (where not op.unreasonable and op.rating is not null)::int as rated,
        count(op.id) filter (where not op.unreasonable and op.rating in ${ok})::int as satisfied,
        count(op.id) filter (where not op.unreasonable and (
          (op.answered_at is null and op.status <> 'closed'
            and ${at.toISOString()}::timestamptz > op.answer_deadline + ${tol})
          or op.answered_at > op.answer_deadline + ${tol}))::int as overdue,
        count(op.id) filter (where op.unreasonable)::int as excluded
      from orgs u
      left join orgs ou on ou.path <@ u.path
      left join opinions op on op.org_id = ou.id and not op.hidden
      where u.id in (${idList(ids)})
      group by u.id order by u.id`,
  );
}

/** Published (is_public, not a draft or cancelled) and signed-off problems per unit subtree. */
export async function oracleProblems(ex: Executor, ids: number[]) {
  return rows<{ org_id: number; published: number; signed_off: number }>(
    ex,
    sql`select u.id as org_id,
        count(p.id)::int as published,
        count(p.id) filter (where p.status = 'signed_off')::int as signed_off
      from orgs u
      left join orgs ou on ou.path <@ u.path
      left join problems p on p.org_id = ou.id and p.is_public and p.status not in ('draft', 'cancelled')
      where u.id in (${idList(ids)})
      group by u.id order by u.id`,
  );
}

/** Deeds and the average of their weighted progress (rounded) per unit subtree. */
export async function oracleDeeds(ex: Executor, ids: number[]) {
  return rows<{ org_id: number; n: number; progress: number | null }>(
    ex,
    sql`select u.id as org_id, count(distinct d.id)::int as n, round(avg(dp.p))::int as progress
      from orgs u
      left join orgs ou on ou.path <@ u.path
      left join deeds d on d.org_id = ou.id
      left join lateral (select case when sum(m.weight) > 0
          then sum(m.weight * m.progress)::numeric / sum(m.weight) else 0 end as p
        from deed_milestones m where m.deed_id = d.id) dp on d.id is not null
      where u.id in (${idList(ids)})
      group by u.id order by u.id`,
  );
}

/**
 * The staff statistics (with overdue at `at`), published problems and deeds of every given unit, from the
 * counters and from the oracle (or only one of them), in one comparable shape.
 */
export async function statsFromBoth(
  ex: Executor,
  ids: number[],
  toleranceHours: number,
  at: Date,
  only?: 'counters' | 'rows',
) {
  const counters = only === 'rows' ? [] : await fromCounters(ex, ids, toleranceHours, at);
  const oracle = only === 'counters' ? [] : await fromRows(ex, ids, toleranceHours, at);
  return { counters, oracle };
}

async function fromCounters(ex: Executor, ids: number[], toleranceHours: number, at: Date) {
  setNow(at);
  try {
    const units = ids.map((id) => ({ id, name: '' }));
    const staff = await unitStats(ex, units, toleranceHours, { overdue: true });
    const pub = await publicCountsOf(ex, ids, toleranceHours);
    return staff.map((s) => {
      const o = pub.opinions.get(s.orgId)!;
      return {
        orgId: s.orgId,
        opinions: [
          s.received,
          s.signedOnTime,
          s.answered,
          s.resolved,
          s.rated,
          s.satisfied,
          s.overdue,
          s.excluded,
        ],
        // the public statistics' opinion figures (no overdue there), from their own one-statement read
        publicOpinions: [
          o.received,
          o.signedOnTime,
          o.answered,
          o.resolved,
          o.rated,
          o.satisfied,
          o.excluded,
        ],
        rates: [o.responseRate, o.resolutionRate, o.satisfactionRate],
        problems: pub.problems.get(s.orgId),
        deeds: pub.deeds.get(s.orgId),
      };
    });
  } finally {
    resetClock();
  }
}

async function fromRows(ex: Executor, ids: number[], toleranceHours: number, at: Date) {
  const [oo, op, od] = [
    await oracleOpinions(ex, ids, toleranceHours, at),
    await oracleProblems(ex, ids),
    await oracleDeeds(ex, ids),
  ];
  return oo.map((o, i) => {
    const opinions = OPINION_COLUMNS.map((k) => Number(o[k]));
    const [received, signed, , resolved, rated, satisfied] = opinions;
    return {
      orgId: Number(o.org_id),
      opinions,
      publicOpinions: opinions.filter((_, k) => OPINION_COLUMNS[k] !== 'overdue'),
      rates: [rate(signed, received), rate(resolved, received), rate(satisfied, rated)],
      problems: { published: Number(op[i].published), signedOff: Number(op[i].signed_off) },
      deeds: { deeds: Number(od[i].n), progress: od[i].progress == null ? null : Number(od[i].progress) },
    };
  });
}
