import { eq, inArray, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client.js';
import {
  can,
  inSubtree,
  orgIdOfPath,
  requireAt,
  requireVisible,
  scopeRoots,
  type Actor,
} from '../../platform/access/access.js';
import { recordAudit } from '../../platform/audit/audit.js';
import type { Ctx } from '../../platform/context.js';
import { AppError, notFound, versionConflict } from '../../platform/errors.js';
import { translate } from '../../platform/i18n.js';
import { campaigns } from '../campaigns/campaigns.table.js';
import { DATED_STATUSES, deadlineCount, problemCountsSum } from '../dashboard/dashboard.service.js';
import { orgs } from '../orgs/orgs.table.js';
import { authorityFacts, canEditProblem } from './problems.access.js';
import {
  allowedActions,
  checkAction,
  nextState,
  type ProblemFacts,
  type ProblemState,
} from './problems.machine.js';
import * as repo from './problems.repo.js';
import type { KnownCounts, ResolvedFilter } from './problems.repo.js';
import type {
  TMeasureInput,
  TProblemCreate,
  TProblemDetail,
  TProblemListQuery,
  TProblemUpdate,
  TTransition,
} from './problems.schemas.js';
import { problemMeasures, problems } from './problems.table.js';
import { refreshLedgerRows } from './problems.ledger-rows.js';

/**
 * The subtrees whose roll-up counters answer this filter exactly: the filter must select by subtree, campaign,
 * status, light and deadline only, and the caller must read the whole subtree (or the filter is cut down to the
 * caller's scope roots inside it). null: count the rows.
 */
function counterRoots(actor: Actor, f: ResolvedFilter): number[] | null {
  if (f.source || f.category || f.groupId || f.q) return null;
  const roots = scopeRoots(actor, 'problem.read');
  if (!f.orgId) return roots.map(orgIdOfPath);
  const path = f.orgPath;
  if (!path) return null;
  if (roots.some((r) => inSubtree(path, r))) return [f.orgId];
  return roots.filter((r) => inSubtree(r, path)).map(orgIdOfPath);
}

/**
 * The total and counts of a ledger list from the roll-up counters when they answer the filter exactly (then
 * the cost is a few hundred counter rows whatever the subtree's size), or undefined to count rows. Counts
 * with a deadline range need every problem's light, which the counters do not hold per deadline: those, and
 * totals the deadline histograms do not cover, are counted from rows.
 */
async function countersAnswer(
  db: Executor,
  actor: Actor,
  q: ResolvedFilter<TProblemListQuery>,
): Promise<KnownCounts | undefined> {
  const roots = counterRoots(actor, q);
  if (!roots) return undefined;
  if (!q.deadlineFrom && !q.deadlineTo) {
    const pc = await problemCountsSum(db, roots, q.campaignId);
    const light = q.status
      ? Object.fromEntries(Object.entries(pc.byStatus[q.status] ?? {}).filter(([, n]) => n !== 0))
      : pc.light;
    const total = q.light
      ? (light[q.light] ?? 0)
      : q.status
        ? (pc.status[q.status] ?? 0)
        : Object.values(pc.status).reduce((a, b) => a + b, 0);
    return { total, counts: q.withCounts ? { status: pc.status, light } : null };
  }
  const dated = DATED_STATUSES.find((s) => s === q.status);
  if (q.withCounts || q.light || !dated) return undefined;
  const range = { campaignId: q.campaignId, from: q.deadlineFrom, to: q.deadlineTo };
  return { total: await deadlineCount(db, roots, dated, range), counts: null };
}

export async function listProblems(db: Db, ctx: Ctx, query: TProblemListQuery) {
  const q = await repo.resolveOrg(db, query);
  return repo.listProblems(db, ctx.actor, q, await countersAnswer(db, ctx.actor, q));
}

const field = (name: string, message: string) =>
  new AppError('VALIDATION', 400, {}, [{ field: name, message }]);

/** The problem in the caller's scope, or the 404 that hides it. */
export async function visibleProblem(db: Executor, ctx: Ctx, id: number) {
  const row = await repo.findProblem(db, ctx.actor, id);
  if (!row) throw notFound();
  return row;
}

const parties = (p: repo.ProblemRow) => ({
  orgPath: p.orgPath,
  issuingPath: p.issuingPath,
  ownerUserId: p.ownerUserId,
  submittedBy: p.submittedBy,
  status: p.status,
});

/** Everything the state machine needs about this caller and this problem. */
async function gatherFacts(db: Executor, ctx: Ctx, p: repo.ProblemRow): Promise<ProblemFacts> {
  const [m] = await db
    .select({
      n: sql<number>`count(*)`.mapWith(Number),
      done: sql<number>`count(*) filter (where ${problemMeasures.done})`.mapWith(Number),
      lasting: sql<number>`count(*) filter (where ${problemMeasures.type} = 'lasting')`.mapWith(Number),
      files: sql<number>`(select count(*) from problem_files f where f.problem_id = ${p.id})`.mapWith(Number),
      rules: sql<number>`(select count(*) from rule_problems r where r.problem_id = ${p.id})`.mapWith(Number),
    })
    .from(problemMeasures)
    .where(eq(problemMeasures.problemId, p.id));
  return {
    ...authorityFacts(ctx.actor, parties(p)),
    measureCount: m.n,
    allMeasuresDone: m.n === m.done,
    hasEvidenceOrResult: m.files > 0 || p.resultText.trim() !== '',
    needsRule: m.lasting > 0,
    hasRule: m.rules > 0,
    extensionPending: p.extensionDeadline !== null,
    beforeDeadline: p.today <= p.deadline,
    hasComment: false,
  };
}

export async function getProblem(db: Executor, ctx: Ctx, id: number): Promise<TProblemDetail> {
  const p = await visibleProblem(db, ctx, id);
  const [measures, events, files, rules, facts] = await Promise.all([
    repo.listMeasures(db, id),
    repo.listEvents(db, id),
    repo.listFiles(db, id),
    repo.linkedRules(db, id),
    gatherFacts(db, ctx, p),
  ]);
  const { orgPath: _o, orgParentId: _pp, issuingPath: _i, submittedBy: _s, today: _t, ...rest } = p;
  return {
    ...rest,
    updatedAt: p.updatedAt.toISOString(),
    signedOffAt: p.signedOffAt?.toISOString() ?? null,
    measures: measures.map((m) => ({ ...m, type: m.type as TMeasureInput['type'] })),
    events: events.map((e) => ({ ...e, at: e.at.toISOString() })),
    files: files.map((f) => ({ ...f, createdAt: f.createdAt.toISOString() })),
    rules,
    actions: allowedActions(p.status, facts),
    canEdit: canEditProblem(ctx.actor, parties(p)),
  };
}

export async function insertMeasures(
  tx: Executor,
  problemId: number,
  list: TMeasureInput[],
  groupId?: number,
) {
  if (list.length === 0) return;
  const [r] = await tx
    .select({ max: sql<number>`coalesce(max(${problemMeasures.seq}), 0)`.mapWith(Number) })
    .from(problemMeasures)
    .where(eq(problemMeasures.problemId, problemId));
  await tx.insert(problemMeasures).values(
    list.map((m, i) => ({
      problemId,
      seq: r.max + i + 1,
      text: m.text,
      type: m.type,
      deadline: m.deadline ?? null,
      ownerName: m.ownerName ?? '',
      groupId: groupId ?? null,
    })),
  );
}

export interface CreateExtras {
  links?: { kind: string; id: number }[];
  /** imported ledgers keep their numbers and states */
  number?: { seq: number; number: string };
  status?: ProblemState;
  resultText?: string;
  signOff?: { at: Date; name: string; opinion: string };
  event?: string;
}

/** Creates a problem in the caller's writable scope. Used by the API, self-inspection and the import. */
export async function createProblemIn(
  tx: Executor,
  ctx: Ctx,
  input: TProblemCreate,
  extras: CreateExtras = {},
) {
  const [org] = await tx.select().from(orgs).where(eq(orgs.id, input.orgId));
  if (!org)
    throw new AppError('NOT_FOUND', 404, {}, [{ field: 'orgId', message: '责任单位不存在或无权访问' }]);
  requireVisible(ctx.actor, 'problem.read', org.path);
  const [campaign] = await tx.select().from(campaigns).where(eq(campaigns.id, input.campaignId));
  if (!campaign) throw field('campaignId', '活动不存在');
  let issuingPath = org.path;
  if (input.issuingOrgId && input.issuingOrgId !== org.id) {
    const [iss] = await tx.select().from(orgs).where(eq(orgs.id, input.issuingOrgId));
    if (!iss || !inSubtree(org.path, iss.path)) throw field('issuingOrgId', '交办单位须为责任单位本级或上级');
    issuingPath = iss.path;
  }
  // Raising a problem needs write access where it is raised; a member's self-inspection finding is raised by the
  // inspection service on the member's behalf and passes `event: 'inspection'`.
  if (extras.event !== 'inspection') requireAt(ctx.actor, 'problem.write', issuingPath);
  const num = extras.number ?? (await repo.nextNumber(tx, campaign.id, campaign.code));
  const status: ProblemState = extras.status ?? (input.open ? 'open' : 'draft');
  const [row] = await tx
    .insert(problems)
    .values({
      campaignId: campaign.id,
      seq: num.seq,
      number: num.number,
      title: input.title,
      manifestation: input.manifestation ?? '',
      category: input.category,
      checklistItemId: input.checklistItemId ?? null,
      source: input.source,
      orgId: org.id,
      issuingOrgId: input.issuingOrgId ?? org.id,
      leaderName: input.leaderName ?? '',
      personName: input.personName ?? '',
      ownerUserId: input.ownerUserId ?? null,
      causeSubjective: input.causeSubjective ?? '',
      causeSystemic: input.causeSystemic ?? '',
      target: input.target ?? '',
      deadline: input.deadline,
      status,
      resultText: extras.resultText ?? '',
      isPublic: input.isPublic ?? false,
      publicFields: input.publicFields ?? [],
      links: extras.links ?? [],
      signedOffAt: extras.signOff?.at ?? null,
      signedOffByName: extras.signOff?.name ?? null,
      signOffOpinion: extras.signOff?.opinion ?? null,
      createdBy: ctx.actor.userId || null,
    })
    .returning({ id: problems.id, number: problems.number });
  await insertMeasures(tx, row.id, input.measures ?? []);
  await repo.addEvent(tx, {
    problemId: row.id,
    actorId: ctx.actor.userId,
    actorName: ctx.actor.displayName,
    action: extras.event ?? 'create',
    to: status,
  });
  await recordAudit(tx, ctx, {
    action: 'problem.create',
    entityType: 'problem',
    entityId: row.id,
    orgId: org.id,
    after: { ...input, number: row.number, status },
  });
  return row;
}

export async function createProblem(db: Db, ctx: Ctx, input: TProblemCreate) {
  const { id } = await db.transaction(async (tx) => {
    const row = await createProblemIn(tx, ctx, input);
    await refreshLedgerRows(tx, [row.id]);
    return row;
  });
  return getProblem(db, ctx, id);
}

/** Visible, editable by the caller, and at the version the caller read. Returns the visible row. */
export async function prepareEdit(tx: Executor, ctx: Ctx, id: number, version?: number) {
  const p = await visibleProblem(tx, ctx, id);
  if (p.status === 'signed_off' || p.status === 'cancelled') throw new AppError('PROBLEM_CLOSED', 409);
  if (!canEditProblem(ctx.actor, parties(p))) throw new AppError('FORBIDDEN', 403);
  const row = await repo.lockProblem(tx, id);
  if (version !== undefined && row.version !== version) throw versionConflict();
  return p;
}

export async function updateProblem(db: Db, ctx: Ctx, id: number, input: TProblemUpdate) {
  await db.transaction(async (tx) => {
    const before = await prepareEdit(tx, ctx, id, input.version);
    const { version: _v, ...changes } = input;
    await tx
      .update(problems)
      .set({
        ...changes,
        ...(changes.resultText !== undefined ? { lastProgressAt: new Date() } : {}),
        version: sql`${problems.version} + 1`,
        updatedAt: new Date(),
      })
      .where(eq(problems.id, id));
    await repo.addEvent(tx, {
      problemId: id,
      actorId: ctx.actor.userId,
      actorName: ctx.actor.displayName,
      action: 'update',
      comment: Object.keys(changes).join('、'),
    });
    await recordAudit(tx, ctx, {
      action: 'problem.update',
      entityType: 'problem',
      entityId: id,
      orgId: before.orgId,
      before: Object.fromEntries(Object.keys(changes).map((k) => [k, before[k as keyof typeof before]])),
      after: changes,
    });
    await refreshLedgerRows(tx, [id]);
  });
  return getProblem(db, ctx, id);
}

export async function transition(db: Db, ctx: Ctx, id: number, input: TTransition) {
  await db.transaction(async (tx) => {
    const p = await visibleProblem(tx, ctx, id);
    const row = await repo.lockProblem(tx, id);
    if (row.version !== input.version) throw versionConflict();
    const comment = input.comment?.trim() ?? '';
    const facts = { ...(await gatherFacts(tx, ctx, p)), hasComment: comment !== '' };
    const refusal = checkAction(p.status, input.action, facts);
    if (refusal) {
      const fields = refusal.field
        ? [{ field: refusal.field, message: translate(refusal.code, ctx.locale) }]
        : [];
      throw new AppError(refusal.code, refusal.status, {}, fields);
    }
    const to = nextState(p.status, input.action)!;
    const now = new Date();
    const set: Partial<typeof problems.$inferInsert> = { status: to };
    let note = comment;
    switch (input.action) {
      case 'start':
        set.lastProgressAt = now;
        break;
      case 'submit':
        set.submittedBy = ctx.actor.userId;
        set.lastProgressAt = now;
        break;
      case 'return':
        set.submittedBy = null;
        break;
      case 'sign_off':
        set.signedOffAt = now;
        set.signedOffBy = ctx.actor.userId;
        set.signedOffByName = ctx.actor.displayName;
        set.signOffOpinion = comment || '同意销号';
        break;
      case 'request_extension':
        if (!input.newDeadline) throw field('newDeadline', '请填写申请延期至的日期');
        if (input.newDeadline <= p.deadline) throw field('newDeadline', '延期日期须晚于当前整改时限');
        set.extensionDeadline = input.newDeadline;
        set.extensionReason = comment;
        note = `申请延期至${input.newDeadline}：${comment}`;
        break;
      case 'decide_extension':
        if (input.approve === undefined) throw field('approve', '请选择同意或不同意');
        if (input.approve) set.deadline = p.extensionDeadline!;
        set.extensionDeadline = null;
        set.extensionReason = null;
        note = `${input.approve ? '同意延期至' + p.extensionDeadline : '不同意延期'}${comment ? '：' + comment : ''}`;
        break;
    }
    await tx
      .update(problems)
      .set({ ...set, version: sql`${problems.version} + 1`, updatedAt: now })
      .where(eq(problems.id, id));
    await repo.addEvent(tx, {
      problemId: id,
      actorId: ctx.actor.userId,
      actorName: ctx.actor.displayName,
      action: input.action,
      from: p.status,
      to,
      comment: note,
    });
    await recordAudit(tx, ctx, {
      action: `problem.${input.action}`,
      entityType: 'problem',
      entityId: id,
      orgId: p.orgId,
      before: { status: p.status, deadline: p.deadline },
      after: { ...set, comment },
    });
    await refreshLedgerRows(tx, [id]);
  });
  return getProblem(db, ctx, id);
}

/** The problems among `ids` that the caller can read (scope checked on each), for links from rules and groups. */
export async function readableProblems(db: Executor, ctx: Ctx, ids: number[]) {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: problems.id, orgId: problems.orgId, campaignId: problems.campaignId, path: orgs.path })
    .from(problems)
    .innerJoin(orgs, eq(orgs.id, problems.orgId))
    .where(inArray(problems.id, ids));
  return rows.filter((r) => can(ctx.actor, 'problem.read', r.path));
}
