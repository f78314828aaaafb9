import { and, count, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client.js';
import { requireAt, scopeSql } from '../../platform/access/access.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { now } from '../../platform/clock.js';
import type { Ctx } from '../../platform/context.js';
import { AppError, invalid, notFound } from '../../platform/errors.js';
import { campaigns } from '../campaigns/campaigns.table.js';
import { notifyUnits } from '../notifications/notifications.service.js';
import { orgs } from '../orgs/orgs.table.js';
import * as repo from './tasks.repo.js';
import { endOfDayShanghai, FREQUENCIES, type TTaskCreate, type TTaskListQuery } from './tasks.schemas.js';
import { assignments, tasks } from './tasks.table.js';

export const listTasks = (db: Db, ctx: Ctx, q: TTaskListQuery) => repo.listTasks(db, ctx.actor, q, now());

export async function getTask(db: Executor, ctx: Ctx, id: number) {
  const found = await repo.findTask(db, ctx.actor, id, now());
  if (!found) throw notFound();
  return found.task;
}

export async function taskTree(db: Db, ctx: Ctx, id: number, parentId?: number) {
  await getTask(db, ctx, id);
  if (parentId !== undefined) {
    const parent = await repo.findAssignment(db, ctx.actor, parentId, now());
    if (!parent || parent.task_id !== id) throw notFound();
  }
  return repo.treeLevel(db, ctx.actor, id, parentId, now());
}

type OrgRef = { id: number; path: string };

/** The units a task goes to: chosen orgs, all direct children, or every unit of a category, all below the issuer. */
async function resolveTargets(tx: Executor, issuer: OrgRef, targets: TTaskCreate['targets']) {
  const below = and(
    sql`${orgs.path} <@ ${issuer.path}::ltree`,
    ne(orgs.id, issuer.id),
    eq(orgs.active, true),
  );
  const select = tx.select({ id: orgs.id, path: orgs.path }).from(orgs);
  let found: OrgRef[];
  if (targets.mode === 'orgs') {
    const ids = [...new Set(targets.orgIds)];
    found = await select.where(and(below, inArray(orgs.id, ids)));
    if (found.length !== ids.length)
      throw invalid([{ field: 'targets.orgIds', message: '包含不在本单位下级范围内或已撤销的单位' }]);
  } else if (targets.mode === 'children') {
    found = await select.where(and(below, eq(orgs.parentId, issuer.id)));
  } else {
    found = await select.where(and(below, eq(orgs.categoryId, targets.categoryId)));
  }
  if (found.length === 0) throw invalid([{ field: 'targets', message: '没有符合条件的下达单位' }]);
  return found;
}

export const createTask = (db: Db, ctx: Ctx, input: TTaskCreate) =>
  db.transaction((tx) => createTaskIn(tx, ctx, input));

/** Issues a task inside the caller's transaction (the API, and meeting decisions that become tasks). */
export async function createTaskIn(tx: Executor, ctx: Ctx, input: TTaskCreate, meetingId?: number) {
  {
    const at = now();
    const [issuer] = await tx
      .select({ id: orgs.id, path: orgs.path, name: orgs.name })
      .from(orgs)
      .where(and(eq(orgs.id, input.issuingOrgId), scopeSql(ctx.actor, 'task.read', orgs.path)));
    if (!issuer)
      throw new AppError('NOT_FOUND', 404, {}, [{ field: 'issuingOrgId', message: '单位不存在或无权访问' }]);
    requireAt(ctx.actor, 'task.issue', issuer.path);
    const [campaign] = await tx
      .select({ id: campaigns.id, code: campaigns.code, path: orgs.path })
      .from(campaigns)
      .innerJoin(orgs, eq(orgs.id, campaigns.issuingOrgId))
      .where(eq(campaigns.id, input.campaignId));
    if (!campaign || !(issuer.path === campaign.path || issuer.path.startsWith(campaign.path + '.')))
      throw invalid([{ field: 'campaignId', message: '该活动不覆盖下达单位' }]);
    const deadline = endOfDayShanghai(input.deadline);
    if (deadline <= at) throw invalid([{ field: 'deadline', message: '完成期限须晚于当前时间' }]);
    const targets = await resolveTargets(tx, issuer, input.targets);
    const [n] = await tx.select({ n: count() }).from(tasks).where(eq(tasks.campaignId, campaign.id));
    const number = input.number ?? `${campaign.code}-督-${String(Number(n?.n ?? 0) + 1).padStart(3, '0')}`;
    const [dup] = await tx
      .select({ id: tasks.id })
      .from(tasks)
      .where(and(eq(tasks.campaignId, campaign.id), eq(tasks.number, number)));
    if (dup)
      throw new AppError('DUPLICATE', 409, { what: '督办编号' }, [
        { field: 'number', message: '督办编号已存在' },
      ]);
    const [task] = await tx
      .insert(tasks)
      .values({
        campaignId: campaign.id,
        issuingOrgId: issuer.id,
        number,
        title: input.title,
        category: input.category,
        basis: input.basis ?? '',
        instructingLeader: input.instructingLeader ?? '',
        urgency: input.urgency,
        requirements: input.requirements ?? '',
        leadUnit: input.leadUnit ?? '',
        coUnits: input.coUnits ?? '',
        supervisor: input.supervisor ?? '',
        deadline,
        reportFrequency: input.reportFrequency,
        reportIntervalDays: FREQUENCIES[input.reportFrequency],
        resultForm: input.resultForm ?? '',
        meetingId: meetingId ?? null,
        createdBy: ctx.actor.userId || null,
        issuedAt: at,
        createdAt: at,
        updatedAt: at,
      })
      .returning({ id: tasks.id });
    await issueAssignments(tx, task.id, input.title, issuer.id, null, deadline, targets, at);
    await recordAudit(tx, ctx, {
      action: 'task.create',
      entityType: 'task',
      entityId: task.id,
      orgId: issuer.id,
      after: { ...input, number, targets: targets.length },
    });
    return (await repo.findTask(tx, ctx.actor, task.id, at))!.task;
  }
}

/** Inserts one assignment per target unit and tells each unit's handlers. */
export async function issueAssignments(
  tx: Executor,
  taskId: number,
  title: string,
  issuerOrgId: number,
  parentAssignmentId: number | null,
  deadline: Date,
  targets: OrgRef[],
  at: Date,
) {
  const created: { id: number; orgId: number }[] = [];
  for (let i = 0; i < targets.length; i += 500) {
    const part = targets.slice(i, i + 500);
    created.push(
      ...(await tx
        .insert(assignments)
        .values(
          part.map((o) => ({
            taskId,
            orgId: o.id,
            parentAssignmentId,
            issuerOrgId,
            status: 'issued',
            deadline,
            issuedAt: at,
            createdAt: at,
            updatedAt: at,
          })),
        )
        .returning({ id: assignments.id, orgId: assignments.orgId })),
    );
  }
  await notifyUnits(
    tx,
    created.map((c) => ({ orgId: c.orgId, subjectId: c.id })),
    'task.handle',
    (c) => ({
      kind: 'assignment',
      title: `新交办事项：${title}`,
      body: '请及时签收并按要求反馈进展。',
      link: `/assignments/${c.subjectId}`,
      subjectType: 'assignment',
      subjectId: c.subjectId,
    }),
  );
  return created;
}
