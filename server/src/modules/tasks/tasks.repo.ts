import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { orgIdOfPath, scopeRoots, scopeSql, type Actor } from '../../platform/access/access.js';
import { assignmentCountsOf, assignmentLights } from '../dashboard/rollup.repo.js';
import type { TAssignmentListQuery, TTask, TTaskListQuery } from './tasks.schemas.js';
import {
  assignmentFrom,
  assignmentSelect,
  countsSql,
  zeroCounts,
  lightSql,
  iso,
  NEAR_DAYS,
  pickCounts,
  presentAssignment,
  rows,
  type AssignmentRow,
} from './tasks.sql.js';

const inScope = (actor: Actor, col: string) => scopeSql(actor, 'task.read', sql.raw(col));

export async function findAssignment(ex: Executor, actor: Actor, id: number, now: Date) {
  const [r] = await rows<AssignmentRow>(
    ex,
    sql`${assignmentSelect(now)} ${assignmentFrom} where a.id = ${id} and ${inScope(actor, 'o.path')}`,
  );
  return r;
}

/**
 * The conditions of an assignment list. A light filter is spelled out as well as computed: `lightSql`'s first
 * branches are plain ranges on status and deadline, so red and blue (and done vs not) can use the open-deadline
 * index instead of evaluating the light of every assignment in scope.
 */
function assignmentWhere(actor: Actor, q: Partial<TAssignmentListQuery>, now: Date): SQL {
  const conds: SQL[] = [inScope(actor, 'o.path')];
  if (q.taskId) conds.push(sql`a.task_id = ${q.taskId}`);
  if (q.campaignId) conds.push(sql`t.campaign_id = ${q.campaignId}`);
  if (q.status) conds.push(sql`a.status = ${q.status}`);
  if (q.light) {
    const at = sql`${now.toISOString()}::timestamptz`;
    const near = sql`${at} + make_interval(hours => ${24 * NEAR_DAYS})`;
    const open = sql`a.status not in ('completed', 'accepted')`;
    if (q.light === 'done') conds.push(sql`a.status in ('completed', 'accepted')`);
    else if (q.light === 'red') conds.push(sql`${open} and a.deadline < ${at}`);
    else if (q.light === 'blue') conds.push(sql`${open} and a.deadline >= ${at} and a.deadline < ${near}`);
    else conds.push(sql`${open} and a.deadline >= ${near} and ${lightSql('a', 't', now)} = ${q.light}`);
  }
  if (q.mine) {
    const orgIds = actor.grants.map((g) => g.orgId);
    conds.push(orgIds.length ? sql`a.org_id in (${sql.join(orgIds, sql`, `)})` : sql`false`);
  }
  if (q.review) {
    const orgIds = actor.grants.filter((g) => g.permissions.includes('task.issue')).map((g) => g.orgId);
    conds.push(orgIds.length ? sql`a.issuer_org_id in (${sql.join(orgIds, sql`, `)})` : sql`false`);
  }
  return sql.join(conds, sql` and `);
}

/** Assignments in the caller's read scope, filtered; `mine` keeps the units the caller holds a grant at. */
export async function listAssignments(ex: Executor, actor: Actor, q: TAssignmentListQuery, now: Date) {
  const where = assignmentWhere(actor, q, now);
  const list = await rows<AssignmentRow & { total: number }>(
    ex,
    sql`${assignmentSelect(now)}, count(*) over()::int as total ${assignmentFrom} where ${where}
      order by a.deadline asc, a.id asc limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
  );
  let total = list[0]?.total ?? 0;
  if (list.length === 0 && q.page > 1) {
    const [c] = await rows<{ n: number }>(
      ex,
      sql`select count(*)::int as n ${assignmentFrom} where ${where}`,
    );
    total = c?.n ?? 0;
  }
  return { items: list.map((r) => presentAssignment(actor, r)), total: Number(total) };
}

/**
 * The first `limit` of the same list, without its total: what the home page shows. Counting every match (a
 * province's overdue assignments are hundreds of thousands) is what made it slow, not finding the first few.
 */
export async function firstAssignments(
  ex: Executor,
  actor: Actor,
  q: Partial<TAssignmentListQuery>,
  limit: number,
  now: Date,
) {
  const list = await rows<AssignmentRow>(
    ex,
    sql`${assignmentSelect(now)} ${assignmentFrom} where ${assignmentWhere(actor, q, now)}
      order by a.deadline asc, a.id asc limit ${limit}`,
  );
  return list.map((r) => presentAssignment(actor, r));
}

/**
 * One level of the progress tree: the children of `parentId` (or the caller's topmost visible assignments of
 * the task), each with counts of its whole subtree by status and light. One query per expanded level.
 */
export async function treeLevel(
  ex: Executor,
  actor: Actor,
  taskId: number,
  parentId: number | undefined,
  now: Date,
) {
  const level =
    parentId === undefined
      ? sql`a.task_id = ${taskId} and (a.parent_assignment_id is null or not exists (
          select 1 from assignments p join orgs po on po.id = p.org_id
          where p.id = a.parent_assignment_id and ${inScope(actor, 'po.path')}))`
      : sql`a.task_id = ${taskId} and a.parent_assignment_id = ${parentId}`;
  const list = await rows<AssignmentRow & Record<string, number>>(
    ex,
    sql`${assignmentSelect(now)}, s.* ${assignmentFrom}
      left join lateral (
        select ${countsSql('d', 't', now)}
        from assignments d join orgs od on od.id = d.org_id
        where d.task_id = a.task_id and od.path <@ o.path
      ) s on true
      where ${level} and ${inScope(actor, 'o.path')}
      order by o.sort_order, o.id`,
  );
  return list.map((r) => ({ ...presentAssignment(actor, r), subtree: pickCounts(r) }));
}

interface TaskRow {
  id: number;
  campaign_id: number;
  issuing_org_id: number;
  issuing_org_name: string;
  issuing_path: string;
  number: string;
  title: string;
  category: string;
  basis: string;
  instructing_leader: string;
  urgency: string;
  requirements: string;
  lead_unit: string;
  co_units: string;
  supervisor: string;
  deadline: Date | string;
  report_frequency: string;
  result_form: string;
  meeting_id: number | null;
  issued_at: Date | string;
  version: number;
  total_rows?: number;
}

function taskQuery(actor: Actor, now: Date, where: SQL) {
  // A task is visible to its issuer's scope and to every unit that holds one of its assignments.
  return sql`select t.id, t.campaign_id, t.issuing_org_id, io.name as issuing_org_name,
      io.path::text as issuing_path, t.number, t.title, t.category, t.basis, t.instructing_leader, t.urgency,
      t.requirements, t.lead_unit, t.co_units, t.supervisor, t.deadline, t.report_frequency, t.result_form,
      t.meeting_id, t.issued_at, t.version, s.*, count(*) over()::int as total_rows
    from tasks t join orgs io on io.id = t.issuing_org_id
    left join lateral (
      select ${countsSql('d', 't', now)}
      from assignments d join orgs od on od.id = d.org_id
      where d.task_id = t.id and ${inScope(actor, 'od.path')}
    ) s on true
    where (${inScope(actor, 'io.path')} or s.total > 0) and ${where}`;
}

function presentTask(r: TaskRow & Record<string, unknown>): TTask {
  return {
    id: r.id,
    campaignId: r.campaign_id,
    issuingOrgId: r.issuing_org_id,
    issuingOrgName: r.issuing_org_name,
    number: r.number,
    title: r.title,
    category: r.category,
    basis: r.basis,
    instructingLeader: r.instructing_leader,
    urgency: r.urgency,
    requirements: r.requirements,
    leadUnit: r.lead_unit,
    coUnits: r.co_units,
    supervisor: r.supervisor,
    deadline: iso(r.deadline),
    reportFrequency: r.report_frequency,
    resultForm: r.result_form,
    meetingId: r.meeting_id,
    issuedAt: iso(r.issued_at),
    version: Number(r.version),
    counts: pickCounts(r),
  };
}

export async function findTask(ex: Executor, actor: Actor, id: number, now: Date) {
  const [r] = await rows<TaskRow & Record<string, unknown>>(ex, taskQuery(actor, now, sql`t.id = ${id}`));
  return r ? { task: presentTask(r), issuingPath: r.issuing_path } : undefined;
}

export async function listTasks(ex: Executor, actor: Actor, q: TTaskListQuery, now: Date) {
  const conds: SQL[] = [sql`true`];
  if (q.campaignId) conds.push(sql`t.campaign_id = ${q.campaignId}`);
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    conds.push(sql`(t.title ilike ${like} or t.number ilike ${like})`);
  }
  const list = await rows<TaskRow & Record<string, unknown>>(
    ex,
    sql`${taskQuery(actor, now, sql.join(conds, sql` and `))}
      order by t.issued_at desc, t.id desc limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
  );
  return { items: list.map(presentTask), total: Number(list[0]?.total_rows ?? 0) };
}

/**
 * Counts by status and light over every assignment in the caller's read scope, from the counters: statuses from
 * rollup_assignments, lights from the hour histograms (rollup.repo.ts) — a province's two million assignments
 * are not read.
 */
export async function scopeCounts(ex: Executor, actor: Actor, now: Date, campaignId?: number) {
  const roots = scopeRoots(actor, 'task.read');
  const c = zeroCounts();
  for (const byStatus of (await assignmentCountsOf(ex, roots.map(orgIdOfPath), campaignId)).values()) {
    for (const [status, n] of Object.entries(byStatus)) {
      c.total += n;
      if (status === 'issued' || status === 'completed' || status === 'accepted') c[status] += n;
      else c.working += n;
    }
  }
  return { ...c, ...(await assignmentLights(ex, roots, now, campaignId)) };
}

/** Pending extension requests the caller's own units decide. */
export async function pendingExtensionCount(ex: Executor, actor: Actor) {
  const orgIds = actor.grants.filter((g) => g.permissions.includes('task.issue')).map((g) => g.orgId);
  if (orgIds.length === 0) return 0;
  const [r] = await rows<{ n: number }>(
    ex,
    sql`select count(*)::int as n from extension_requests e join assignments a on a.id = e.assignment_id
      where e.status = 'pending' and a.issuer_org_id in (${sql.join(orgIds, sql`, `)})`,
  );
  return Number(r?.n ?? 0);
}
