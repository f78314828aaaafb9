import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { rows } from '../tasks/tasks.sql.js';

/** A counter table compared with its full recomputation (the `*_expected` views of the `scale_sql` migration). */
interface Check {
  name: string;
  table: string;
  expected: string;
  keys: string[];
  value: string;
  /** rows equal to no row at all (a counter back at zero) */
  zero?: string;
}

const CHECKS: Check[] = [
  {
    name: 'problem state',
    table: 'rollup_problem_state',
    expected: 'rollup_problem_facts_all',
    keys: ['problem_id'],
    value: `concat_ws('|', org_id, campaign_id, status, deadline, yellow_day, warn_days, on_time, is_public)`,
  },
  {
    name: 'problems',
    table: 'rollup_problems',
    expected: 'rollup_problems_expected',
    keys: ['org_id', 'campaign_id', 'status', 'kind', 'day'],
    value: 'n',
  },
  {
    name: 'public problems',
    table: 'rollup_public_problems',
    expected: 'rollup_public_problems_expected',
    keys: ['org_id'],
    value: `concat_ws('|', published, signed_off)`,
    zero: 'published <> 0 or signed_off <> 0',
  },
  {
    name: 'assignments',
    table: 'rollup_assignments',
    expected: 'rollup_assignments_expected',
    keys: ['org_id', 'campaign_id', 'status'],
    value: 'n',
  },
  {
    name: 'assignment state',
    table: 'rollup_assignment_state',
    expected: 'rollup_assignment_state_expected',
    keys: ['assignment_id'],
    value: `concat_ws('|', org_id, campaign_id, yellow_at, mixed_at)`,
  },
  {
    name: 'assignment lights',
    table: 'rollup_assignment_hours',
    expected: 'rollup_assignment_hours_expected',
    keys: ['org_id', 'campaign_id', 'kind', 'hour'],
    value: 'n',
  },
  {
    name: 'opinions',
    table: 'rollup_opinions',
    expected: 'rollup_opinions_expected',
    keys: ['org_id', 'metric', 'bucket'],
    value: 'n',
  },
  {
    name: 'deed state',
    table: 'rollup_deed_state',
    expected: 'rollup_deed_facts',
    keys: ['deed_id'],
    value: `concat_ws('|', org_id, trim_scale(progress))`,
  },
  {
    name: 'deeds',
    table: 'rollup_deeds',
    expected: 'rollup_deeds_expected',
    keys: ['org_id'],
    value: `concat_ws('|', n, trim_scale(progress_sum))`,
    zero: 'n <> 0 or progress_sum <> 0',
  },
];

export interface Mismatch {
  name: string;
  count: number;
  /** up to 10: key, the counter's value, the recomputed value */
  examples: { key: string; stored: string | null; expected: string | null }[];
}

/**
 * Compares every counter with a full recomputation from the base tables; zero counters and absent rows are
 * the same. Returns the mismatching counters (none when the roll-ups are exact).
 */
export async function verifyRollups(ex: Executor): Promise<Mismatch[]> {
  const out: Mismatch[] = [];
  for (const c of CHECKS) {
    const keys = c.keys.join(', ');
    const zero = c.zero ? `where ${c.zero}` : c.value === 'n' ? 'where n <> 0' : '';
    const diff = await rows<{ key: string; stored: string | null; expected: string | null; total: number }>(
      ex,
      sql.raw(`select concat_ws('/', ${c.keys.map((k) => `coalesce(s.${k}, e.${k})`).join(', ')}) as key,
          s.v::text as stored, e.v::text as expected, count(*) over()::int as total
        from (select ${keys}, ${c.value} as v from ${c.table} ${zero}) s
        full join (select ${keys}, ${c.value} as v from ${c.expected} ${zero}) e using (${keys})
        where s.v is distinct from e.v
        order by 1 limit 10`),
    );
    if (diff.length)
      out.push({
        name: c.name,
        count: Number(diff[0].total),
        examples: diff.map((d) => ({ key: d.key, stored: d.stored, expected: d.expected })),
      });
  }
  return out;
}

/** Recomputes every counter from the base tables (after a bulk load with the triggers off). */
export async function rebuildRollups(ex: Executor): Promise<void> {
  await ex.execute(sql`select rollup_rebuild()`);
}
