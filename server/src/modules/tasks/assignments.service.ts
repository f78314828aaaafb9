import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client.js';
import { requireAt } from '../../platform/access/access.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { now } from '../../platform/clock.js';
import type { Ctx } from '../../platform/context.js';
import { AppError, duplicate, invalid, notFound, versionConflict } from '../../platform/errors.js';
import { notifyUnits } from '../notifications/notifications.service.js';
import { orgs } from '../orgs/orgs.table.js';
import {
  ACTION_SIDE,
  canCompleteWithChildren,
  childDeadlineOk,
  nextState,
  STATE_LABELS,
  type AssignmentAction,
  type AssignmentState,
} from './assignment.machine.js';
import * as repo from './tasks.repo.js';
import { endOfDayShanghai, type TAssignmentListQuery } from './tasks.schemas.js';
import { issueAssignments } from './tasks.service.js';
import { iso, isoOrNull, presentAssignment, type AssignmentRow } from './tasks.sql.js';
import { assignmentReports, assignments, extensionRequests, tasks } from './tasks.table.js';

const ACTION_LABELS: Record<AssignmentAction, string> = {
  acknowledge: '签收',
  decompose: '分解',
  report: '反馈进展',
  complete: '办结',
  accept: '审结通过',
  return: '退回',
  request_extension: '申请延期',
};

export const listAssignments = (db: Db, ctx: Ctx, q: TAssignmentListQuery) =>
  repo.listAssignments(db, ctx.actor, q, now());

export async function getAssignment(db: Executor, ctx: Ctx, id: number) {
  const at = now();
  const row = await repo.findAssignment(db, ctx.actor, id, at);
  if (!row) throw notFound();
  const reports = await db
    .select()
    .from(assignmentReports)
    .where(eq(assignmentReports.assignmentId, id))
    .orderBy(asc(assignmentReports.at), asc(assignmentReports.id));
  const extensions = await db
    .select()
    .from(extensionRequests)
    .where(eq(extensionRequests.assignmentId, id))
    .orderBy(asc(extensionRequests.id));
  // The chain up to the top, limited to what the caller may see.
  const ancestors: { id: number; orgName: string; status: string }[] = [];
  let parentId = row.parent_assignment_id;
  while (parentId !== null && ancestors.length < 20) {
    const p = await repo.findAssignment(db, ctx.actor, parentId, at);
    if (!p) break;
    ancestors.unshift({ id: p.id, orgName: p.org_name, status: p.status });
    parentId = p.parent_assignment_id;
  }
  return {
    ...presentAssignment(ctx.actor, row),
    reports: reports.map((r) => ({
      id: r.id,
      kind: r.kind,
      content: r.content,
      progress: r.progress,
      authorName: r.authorName,
      at: iso(r.at),
    })),
    extensions: extensions.map((e) => ({
      id: e.id,
      reason: e.reason,
      requestedDeadline: iso(e.requestedDeadline),
      status: e.status,
      decisionComment: e.decisionComment,
      createdAt: iso(e.createdAt),
    })),
    ancestors,
  };
}

interface Step {
  row: AssignmentRow;
  next: AssignmentState;
  at: Date;
}

/** Visible → allowed for this side → current version → allowed from this state. Locks the row. */
async function begin(tx: Executor, ctx: Ctx, id: number, action: AssignmentAction, version: number) {
  const at = now();
  const row = await repo.findAssignment(tx, ctx.actor, id, at);
  if (!row) throw notFound();
  const side = ACTION_SIDE[action];
  requireAt(
    ctx.actor,
    side === 'handler' ? 'task.handle' : 'task.issue',
    side === 'handler' ? row.org_path : row.issuer_path,
  );
  const [locked] = await tx
    .select({ version: assignments.version, status: assignments.status })
    .from(assignments)
    .where(eq(assignments.id, id))
    .for('update');
  if (!locked) throw notFound();
  if (locked.version !== version) throw versionConflict();
  const next = nextState(locked.status as AssignmentState, action);
  if (!next)
    throw new AppError('INVALID_TRANSITION', 409, {
      state: STATE_LABELS[locked.status as AssignmentState] ?? locked.status,
      action: ACTION_LABELS[action],
    });
  return { row, next, at } satisfies Step;
}

async function finish(
  tx: Executor,
  ctx: Ctx,
  step: Step,
  action: AssignmentAction,
  set: Partial<typeof assignments.$inferInsert>,
  audit: Record<string, unknown> = {},
) {
  await tx
    .update(assignments)
    .set({ ...set, status: step.next, version: sql`${assignments.version} + 1`, updatedAt: step.at })
    .where(eq(assignments.id, step.row.id));
  await recordAudit(tx, ctx, {
    action: `assignment.${action}`,
    entityType: 'assignment',
    entityId: step.row.id,
    orgId: step.row.org_id,
    before: { status: step.row.status },
    after: { status: step.next, ...audit },
  });
  return presentAssignment(ctx.actor, (await repo.findAssignment(tx, ctx.actor, step.row.id, step.at))!);
}

async function addReport(
  tx: Executor,
  ctx: Ctx,
  id: number,
  kind: string,
  content: string,
  at: Date,
  progress?: number,
) {
  await tx.insert(assignmentReports).values({
    assignmentId: id,
    kind,
    content,
    progress: progress ?? null,
    authorId: ctx.actor.userId || null,
    authorName: ctx.actor.displayName,
    at,
  });
}

const link = (id: number) => `/assignments/${id}`;

export const acknowledge = (db: Db, ctx: Ctx, id: number, b: { version: number }) =>
  db.transaction(async (tx) => {
    const step = await begin(tx, ctx, id, 'acknowledge', b.version);
    return finish(tx, ctx, step, 'acknowledge', { acknowledgedAt: step.at });
  });

export const report = (
  db: Db,
  ctx: Ctx,
  id: number,
  b: { version: number; content: string; progress?: number },
) =>
  db.transaction(async (tx) => {
    const step = await begin(tx, ctx, id, 'report', b.version);
    await addReport(tx, ctx, id, 'progress', b.content, step.at, b.progress);
    return finish(tx, ctx, step, 'report', {
      lastReportAt: step.at,
      ...(b.progress === undefined ? {} : { progress: b.progress }),
    });
  });

export const complete = (
  db: Db,
  ctx: Ctx,
  id: number,
  b: { version: number; report: string; results: string | null },
) =>
  db.transaction(async (tx) => {
    const step = await begin(tx, ctx, id, 'complete', b.version);
    const children = await tx
      .select({ status: assignments.status })
      .from(assignments)
      .where(eq(assignments.parentAssignmentId, id));
    if (!canCompleteWithChildren(children.map((c) => c.status as AssignmentState)))
      throw new AppError('CHILDREN_OPEN', 409, {
        open: children.filter((c) => c.status !== 'accepted').length,
      });
    await addReport(tx, ctx, id, 'completion', b.report, step.at, 100);
    const out = await finish(tx, ctx, step, 'complete', {
      completedAt: step.at,
      lastReportAt: step.at,
      completionReport: b.report,
      results: b.results,
      progress: 100,
    });
    await notifyUnits(tx, [{ orgId: step.row.issuer_org_id }], 'task.issue', () => ({
      kind: 'review',
      title: `待审结：${step.row.org_name}「${step.row.task_title}」已办结`,
      link: link(id),
      subjectType: 'assignment',
      subjectId: id,
    }));
    return out;
  });

export const review = (
  db: Db,
  ctx: Ctx,
  id: number,
  b: { version: number; decision: 'accept' | 'return'; comment: string | null },
) =>
  db.transaction(async (tx) => {
    const step = await begin(tx, ctx, id, b.decision, b.version);
    await addReport(tx, ctx, id, `review_${b.decision}`, b.comment ?? '审结通过', step.at);
    const out = await finish(tx, ctx, step, b.decision, { reviewedAt: step.at, reviewComment: b.comment });
    await notifyUnits(tx, [{ orgId: step.row.org_id }], 'task.handle', () => ({
      kind: 'review',
      title: `${b.decision === 'accept' ? '已审结' : '被退回'}：「${step.row.task_title}」`,
      body: b.comment ?? '',
      link: link(id),
      subjectType: 'assignment',
      subjectId: id,
    }));
    return out;
  });

/** 分解: child assignments at direct child units, deadlines no later than this one's. */
export const decompose = (
  db: Db,
  ctx: Ctx,
  id: number,
  b: { version: number; orgIds?: number[]; allChildren?: boolean; deadline?: string },
) =>
  db.transaction(async (tx) => {
    const step = await begin(tx, ctx, id, 'decompose', b.version);
    const parentDeadline = new Date(step.row.deadline);
    const deadline = b.deadline ? endOfDayShanghai(b.deadline) : parentDeadline;
    if (!childDeadlineOk(parentDeadline, deadline))
      throw invalid([{ field: 'deadline', message: '分解后的期限不得晚于本级期限' }]);
    if (deadline <= step.at) throw invalid([{ field: 'deadline', message: '期限须晚于当前时间' }]);
    const direct = and(eq(orgs.parentId, step.row.org_id), eq(orgs.active, true));
    const select = tx.select({ id: orgs.id, path: orgs.path }).from(orgs);
    const ids = b.allChildren ? undefined : [...new Set(b.orgIds ?? [])];
    const targets = await (ids ? select.where(and(direct, inArray(orgs.id, ids))) : select.where(direct));
    if (ids && targets.length !== ids.length)
      throw invalid([{ field: 'orgIds', message: '只能分解给本单位的直接下级单位' }]);
    if (targets.length === 0) throw invalid([{ field: 'orgIds', message: '本单位没有可分解的下级单位' }]);
    const taken = await tx
      .select({ orgId: assignments.orgId })
      .from(assignments)
      .where(
        and(
          eq(assignments.taskId, step.row.task_id),
          inArray(
            assignments.orgId,
            targets.map((t) => t.id),
          ),
        ),
      );
    if (taken.length) throw duplicate('该单位的同一事项', 'orgIds');
    const [task] = await tx.select({ title: tasks.title }).from(tasks).where(eq(tasks.id, step.row.task_id));
    const created = await issueAssignments(
      tx,
      step.row.task_id,
      task.title,
      step.row.org_id,
      id,
      deadline,
      targets,
      step.at,
    );
    return finish(tx, ctx, step, 'decompose', {}, { children: created.map((c) => c.orgId) });
  });

export const requestExtension = (
  db: Db,
  ctx: Ctx,
  id: number,
  b: { version: number; reason: string; deadline: string },
) =>
  db.transaction(async (tx) => {
    const step = await begin(tx, ctx, id, 'request_extension', b.version);
    const current = new Date(step.row.deadline);
    if (step.at >= current) throw new AppError('EXTENSION_TOO_LATE', 409);
    const requested = endOfDayShanghai(b.deadline);
    if (requested <= current) throw invalid([{ field: 'deadline', message: '申请的期限须晚于当前期限' }]);
    const [pending] = await tx
      .select({ id: extensionRequests.id })
      .from(extensionRequests)
      .where(and(eq(extensionRequests.assignmentId, id), eq(extensionRequests.status, 'pending')));
    if (pending) throw new AppError('EXTENSION_PENDING', 409);
    await tx.insert(extensionRequests).values({
      assignmentId: id,
      reason: b.reason,
      requestedDeadline: requested,
      requestedBy: ctx.actor.userId || null,
      createdAt: step.at,
      updatedAt: step.at,
    });
    await notifyUnits(tx, [{ orgId: step.row.issuer_org_id }], 'task.issue', () => ({
      kind: 'extension',
      title: `延期申请：${step.row.org_name}「${step.row.task_title}」`,
      body: b.reason,
      link: link(id),
      subjectType: 'assignment',
      subjectId: id,
    }));
    return finish(tx, ctx, step, 'request_extension', {}, { requestedDeadline: iso(requested) });
  });

/** The issuer approves (the deadline moves, never past the parent's) or rejects a pending extension. */
export const decideExtension = (
  db: Db,
  ctx: Ctx,
  extId: number,
  b: { decision: 'approve' | 'reject'; comment: string | null },
) =>
  db.transaction(async (tx) => {
    const at = now();
    const [ext] = await tx
      .select()
      .from(extensionRequests)
      .where(eq(extensionRequests.id, extId))
      .for('update');
    const row = ext && (await repo.findAssignment(tx, ctx.actor, ext.assignmentId, at));
    if (!ext || !row) throw notFound();
    requireAt(ctx.actor, 'task.issue', row.issuer_path);
    if (ext.status !== 'pending')
      throw new AppError('INVALID_TRANSITION', 409, { state: '已处理', action: '审批延期' });
    if (b.decision === 'approve' && row.parent_assignment_id !== null) {
      const [parent] = await tx
        .select({ deadline: assignments.deadline })
        .from(assignments)
        .where(eq(assignments.id, row.parent_assignment_id));
      if (parent && !childDeadlineOk(parent.deadline, ext.requestedDeadline))
        throw invalid([{ field: 'decision', message: '延期后的期限不得晚于上级事项期限' }]);
    }
    await tx
      .update(extensionRequests)
      .set({
        status: b.decision === 'approve' ? 'approved' : 'rejected',
        decisionComment: b.comment,
        decidedBy: ctx.actor.userId || null,
        decidedAt: at,
        version: sql`${extensionRequests.version} + 1`,
        updatedAt: at,
      })
      .where(eq(extensionRequests.id, extId));
    if (b.decision === 'approve')
      await tx
        .update(assignments)
        .set({ deadline: ext.requestedDeadline, version: sql`${assignments.version} + 1`, updatedAt: at })
        .where(eq(assignments.id, row.id));
    await recordAudit(tx, ctx, {
      action: `extension.${b.decision}`,
      entityType: 'assignment',
      entityId: row.id,
      orgId: row.org_id,
      before: { deadline: iso(row.deadline) },
      after: { deadline: isoOrNull(b.decision === 'approve' ? ext.requestedDeadline : row.deadline) },
    });
    await notifyUnits(tx, [{ orgId: row.org_id }], 'task.handle', () => ({
      kind: 'extension',
      title: `延期申请${b.decision === 'approve' ? '已批准' : '未批准'}：「${row.task_title}」`,
      body: b.comment ?? '',
      link: link(row.id),
      subjectType: 'assignment',
      subjectId: row.id,
    }));
    return getAssignment(tx, ctx, row.id);
  });
