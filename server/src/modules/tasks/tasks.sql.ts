import { sql, type SQL } from 'drizzle-orm';
import { can, type Actor } from '../../platform/access/access.js';
import type { AssignmentState } from './assignment.machine.js';
import type { TAssignment, TCounts } from './tasks.schemas.js';

export { rows } from '../../db/query.js';

/**
 * Days (of 24 hours) before the deadline when the light turns blue. The light counters (migration
 * 0013_assignment_lights, rollup_assignment_keys / rollup_assignment_yellow) hold the same two numbers.
 */
export const NEAR_DAYS = 3;
/** Days (of 24 hours) an issued assignment may wait for 签收 before it turns yellow. */
export const ACK_DAYS = 2;

/**
 * The light of assignment alias `a` of task alias `t` at `now`, computed in SQL at read time:
 * red overdue, blue near the deadline, yellow behind (no report within the frequency, or not acknowledged).
 * Whole subtrees are counted from the counters instead (rollup.repo.ts `assignmentLights`), by the same rules.
 */
export function lightSql(a: string, t: string, now: Date): SQL {
  const A = sql.raw(a);
  const T = sql.raw(t);
  const at = sql`${now.toISOString()}::timestamptz`;
  return sql`(case
    when ${A}.status in ('completed', 'accepted') then 'done'
    when ${A}.deadline < ${at} then 'red'
    when ${A}.deadline < ${at} + make_interval(hours => ${24 * NEAR_DAYS}) then 'blue'
    when ${A}.status = 'issued' and ${A}.issued_at < ${at} - make_interval(hours => ${24 * ACK_DAYS}) then 'yellow'
    when ${T}.report_interval_days is not null
      and coalesce(${A}.last_report_at, ${A}.acknowledged_at, ${A}.issued_at)
        < ${at} - make_interval(hours => 24 * ${T}.report_interval_days) then 'yellow'
    else 'green' end)`;
}

/** Counts by status and light over assignment alias `d` (task alias `t`), as select-list SQL. */
export function countsSql(d: string, t: string, now: Date): SQL {
  const D = sql.raw(d);
  const light = lightSql(d, t, now);
  return sql`count(${D}.id)::int as total,
    count(*) filter (where ${D}.status = 'issued')::int as issued,
    count(*) filter (where ${D}.status in ('acknowledged', 'in_progress', 'returned'))::int as working,
    count(*) filter (where ${D}.status = 'completed')::int as completed,
    count(*) filter (where ${D}.status = 'accepted')::int as accepted,
    count(*) filter (where ${light} = 'red')::int as red,
    count(*) filter (where ${light} = 'yellow')::int as yellow,
    count(*) filter (where ${light} = 'blue')::int as blue`;
}

export const zeroCounts = (): TCounts => ({
  total: 0,
  issued: 0,
  working: 0,
  completed: 0,
  accepted: 0,
  red: 0,
  yellow: 0,
  blue: 0,
});

export const pickCounts = (r: object): TCounts => {
  const src = r as Partial<Record<keyof TCounts, unknown>>;
  const c = zeroCounts();
  for (const k of Object.keys(c) as (keyof TCounts)[]) c[k] = Number(src[k] ?? 0);
  return c;
};

/** The select list and joins of an assignment row: `a` assignment, `t` task, `o` org, `io` issuer org. */
export function assignmentSelect(now: Date): SQL {
  return sql`select a.id, a.task_id, t.number as task_number, t.title as task_title, a.org_id,
      o.name as org_name, o.path::text as org_path, a.parent_assignment_id, a.issuer_org_id,
      io.name as issuer_org_name, io.path::text as issuer_path, a.status, ${lightSql('a', 't', now)} as light,
      a.deadline, a.issued_at, a.acknowledged_at, a.last_report_at, a.completed_at, a.reviewed_at,
      a.progress, a.completion_report, a.results, a.review_comment, a.version,
      (select count(*)::int from assignments c where c.parent_assignment_id = a.id) as child_count`;
}
export const assignmentFrom = sql`from assignments a
    join tasks t on t.id = a.task_id
    join orgs o on o.id = a.org_id
    join orgs io on io.id = a.issuer_org_id`;

export interface AssignmentRow {
  id: number;
  task_id: number;
  task_number: string;
  task_title: string;
  org_id: number;
  org_name: string;
  org_path: string;
  parent_assignment_id: number | null;
  issuer_org_id: number;
  issuer_org_name: string;
  issuer_path: string;
  status: AssignmentState;
  light: TAssignment['light'];
  deadline: Date | string;
  issued_at: Date | string;
  acknowledged_at: Date | string | null;
  last_report_at: Date | string | null;
  completed_at: Date | string | null;
  reviewed_at: Date | string | null;
  progress: number;
  completion_report: string | null;
  results: string | null;
  review_comment: string | null;
  version: number;
  child_count: number;
}

export const iso = (d: Date | string) => new Date(d).toISOString();
export const isoOrNull = (d: Date | string | null) => (d == null ? null : iso(d));

export function presentAssignment(actor: Actor, r: AssignmentRow): TAssignment {
  return {
    id: r.id,
    taskId: r.task_id,
    taskNumber: r.task_number,
    taskTitle: r.task_title,
    orgId: r.org_id,
    orgName: r.org_name,
    parentAssignmentId: r.parent_assignment_id,
    issuerOrgId: r.issuer_org_id,
    issuerOrgName: r.issuer_org_name,
    status: r.status,
    light: r.light,
    deadline: iso(r.deadline),
    issuedAt: iso(r.issued_at),
    acknowledgedAt: isoOrNull(r.acknowledged_at),
    lastReportAt: isoOrNull(r.last_report_at),
    completedAt: isoOrNull(r.completed_at),
    reviewedAt: isoOrNull(r.reviewed_at),
    progress: Number(r.progress),
    completionReport: r.completion_report,
    results: r.results,
    reviewComment: r.review_comment,
    childCount: Number(r.child_count),
    version: Number(r.version),
    canHandle: can(actor, 'task.handle', r.org_path),
    canReview: can(actor, 'task.issue', r.issuer_path),
  };
}
