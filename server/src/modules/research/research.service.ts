import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client.js';
import { can, inSubtree, requireAt, scopeSql, type Actor } from '../../platform/access/access.js';
import { writeTarget } from '../../platform/access/target.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { now } from '../../platform/clock.js';
import type { Ctx } from '../../platform/context.js';
import { AppError, invalid, notFound, versionConflict } from '../../platform/errors.js';
import { campaignItems } from '../campaigns/campaigns.table.js';
import { orgs } from '../orgs/orgs.table.js';
import { people } from '../people/people.table.js';
import { rows } from '../tasks/tasks.sql.js';
import { canAddFinding, nextState, RESEARCH_STATE_NAMES, type ResearchState } from './research.machine.js';
import type { TResearchCreate, TResearchQuery, TResearchTopic, TResearchUpdate } from './research.schemas.js';
import { researchFindings, researchTopics } from './research.table.js';

export interface TopicRow {
  id: number;
  org_id: number;
  org_name: string;
  org_path: string;
  campaign_id: number;
  direction_id: number | null;
  direction_title: string | null;
  title: string;
  lead_person_id: number | null;
  lead_name: string | null;
  status: ResearchState;
  plan: string;
  report: string;
  report_file_name: string | null;
  reported_at: string | Date | null;
  converted_at: string | Date | null;
  version: number;
  finding_count: number;
  converted_count: number;
  total_rows: number;
}

export const isoOrNull = (d: string | Date | null) => (d == null ? null : new Date(d).toISOString());
const num = (v: number | null) => (v == null ? null : Number(v));

const present = (r: TopicRow): TResearchTopic => ({
  id: Number(r.id),
  orgId: Number(r.org_id),
  orgName: r.org_name,
  campaignId: Number(r.campaign_id),
  directionId: num(r.direction_id),
  directionTitle: r.direction_title,
  title: r.title,
  leadPersonId: num(r.lead_person_id),
  leadName: r.lead_name,
  status: r.status,
  findingCount: Number(r.finding_count),
  convertedCount: Number(r.converted_count),
  reportedAt: isoOrNull(r.reported_at),
  version: Number(r.version),
});

/** Topics in the actor's read scope, with their finding counts; `where` narrows further. */
const topicQuery = (actor: Actor, where: SQL) => sql`select t.id, t.org_id, o.name as org_name,
    o.path::text as org_path, t.campaign_id, t.direction_id, d.title as direction_title, t.title,
    t.lead_person_id, p.name as lead_name, t.status, t.plan, t.report, t.report_file_name,
    t.reported_at, t.converted_at, t.version,
    (select count(*)::int from research_findings f where f.topic_id = t.id) as finding_count,
    (select count(*)::int from research_findings f where f.topic_id = t.id and f.conversion is not null)
      as converted_count,
    count(*) over()::int as total_rows
  from research_topics t join orgs o on o.id = t.org_id
  left join campaign_items d on d.id = t.direction_id
  left join people p on p.id = t.lead_person_id
  where ${scopeSql(actor, 'research.read', sql.raw('o.path'))} and ${where}`;

export async function listTopics(db: Db, ctx: Ctx, q: TResearchQuery) {
  const conds: SQL[] = [sql`true`];
  if (q.orgId) {
    const [o] = await db.select({ path: orgs.path }).from(orgs).where(eq(orgs.id, q.orgId));
    if (!o) return { items: [], total: 0 };
    conds.push(sql`o.path <@ ${o.path}::ltree`);
  }
  if (q.campaignId) conds.push(sql`t.campaign_id = ${q.campaignId}`);
  if (q.directionId) conds.push(sql`t.direction_id = ${q.directionId}`);
  if (q.status) conds.push(sql`t.status = ${q.status}`);
  const list = await rows<TopicRow>(
    db,
    sql`${topicQuery(ctx.actor, sql.join(conds, sql` and `))}
      order by t.updated_at desc, t.id desc limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
  );
  return { items: list.map(present), total: Number(list[0]?.total_rows ?? 0) };
}

export async function findTopic(ex: Executor, ctx: Ctx, id: number) {
  const [r] = await rows<TopicRow>(ex, topicQuery(ctx.actor, sql`t.id = ${id}`));
  if (!r) throw notFound();
  return r;
}

export async function getTopic(ex: Executor, ctx: Ctx, id: number) {
  const r = await findTopic(ex, ctx, id);
  const findings = await rows<{
    id: number;
    seq: number;
    text: string;
    conversion: 'problem' | 'rule' | 'measure' | null;
    problem_id: number | null;
    problem_number: string | null;
    rule_id: number | null;
    measure: string;
    converted_at: string | Date | null;
  }>(
    ex,
    sql`select f.id, f.seq, f.text, f.conversion, f.problem_id, pr.number as problem_number, f.rule_id, f.measure,
        f.converted_at
      from research_findings f left join problems pr on pr.id = f.problem_id
      where f.topic_id = ${id} order by f.seq`,
  );
  return {
    ...present(r),
    plan: r.plan,
    report: r.report,
    reportFileName: r.report_file_name,
    convertedAt: isoOrNull(r.converted_at),
    findings: findings.map((f) => ({
      id: Number(f.id),
      seq: Number(f.seq),
      text: f.text,
      conversion: f.conversion,
      problemId: num(f.problem_id),
      problemNumber: f.problem_number,
      ruleId: num(f.rule_id),
      measure: f.measure,
      convertedAt: isoOrNull(f.converted_at),
    })),
    canManage: can(ctx.actor, 'research.manage', r.org_path),
  };
}

/** The key direction must be one the topic's campaign names. */
async function checkDirection(tx: Executor, campaignId: number, directionId: number | null | undefined) {
  if (!directionId) return;
  const [d] = await tx
    .select({ id: campaignItems.id })
    .from(campaignItems)
    .where(
      and(
        eq(campaignItems.id, directionId),
        eq(campaignItems.campaignId, campaignId),
        eq(campaignItems.kind, 'direction'),
      ),
    );
  if (!d) throw invalid([{ field: 'directionId', message: '不是本次活动的重点调研方向' }]);
}

/** The lead person must belong to the topic's unit or a unit below it. */
async function checkLead(tx: Executor, orgPath: string, personId: number | null | undefined) {
  if (!personId) return;
  const [p] = await tx
    .select({ path: orgs.path })
    .from(people)
    .innerJoin(orgs, eq(orgs.id, people.orgId))
    .where(and(eq(people.id, personId), eq(people.active, true)));
  if (!p || !inSubtree(p.path, orgPath))
    throw invalid([{ field: 'leadPersonId', message: '牵头人须为本单位或下级单位的在册人员' }]);
}

export async function createTopic(db: Db, ctx: Ctx, b: TResearchCreate) {
  const id = await db.transaction(async (tx) => {
    const { org, campaignId } = await writeTarget(tx, ctx.actor, b, 'research.read', 'research.manage');
    await checkDirection(tx, campaignId, b.directionId);
    await checkLead(tx, org.path, b.leadPersonId);
    const [t] = await tx
      .insert(researchTopics)
      .values({
        orgId: org.id,
        campaignId,
        directionId: b.directionId ?? null,
        title: b.title,
        leadPersonId: b.leadPersonId ?? null,
        plan: b.plan ?? '',
        createdBy: ctx.actor.userId || null,
      })
      .returning({ id: researchTopics.id });
    await recordAudit(tx, ctx, {
      action: 'research.create',
      entityType: 'research_topic',
      entityId: t.id,
      orgId: org.id,
      after: b,
    });
    return t.id;
  });
  return getTopic(db, ctx, id);
}

/** Visible, manageable by the caller, and at the version the caller read. */
export async function prepareTopic(tx: Executor, ctx: Ctx, id: number, version?: number) {
  const r = await findTopic(tx, ctx, id);
  requireAt(ctx.actor, 'research.manage', r.org_path);
  if (version !== undefined && Number(r.version) !== version) throw versionConflict();
  return r;
}

export const stateError = (state: ResearchState, action: string) =>
  new AppError('INVALID_TRANSITION', 409, { state: RESEARCH_STATE_NAMES[state], action });

export async function updateTopic(db: Db, ctx: Ctx, id: number, b: TResearchUpdate) {
  await db.transaction(async (tx) => {
    const r = await prepareTopic(tx, ctx, id, b.version);
    if (b.report !== undefined && !canAddFinding(r.status))
      throw invalid([{ field: 'report', message: '调研开始后、转化前才能填写报告' }]);
    await checkDirection(tx, Number(r.campaign_id), b.directionId);
    await checkLead(tx, r.org_path, b.leadPersonId);
    await tx
      .update(researchTopics)
      .set({
        title: b.title,
        directionId: b.directionId,
        leadPersonId: b.leadPersonId,
        plan: b.plan,
        report: b.report,
        updatedAt: now(),
        version: b.version + 1,
      })
      .where(eq(researchTopics.id, id));
    await recordAudit(tx, ctx, {
      action: 'research.update',
      entityType: 'research_topic',
      entityId: id,
      orgId: Number(r.org_id),
      after: b,
    });
  });
  return getTopic(db, ctx, id);
}

const ACTION_NAMES = { start: '开始调研', report: '形成报告' } as const;

export async function transitionTopic(
  db: Db,
  ctx: Ctx,
  id: number,
  b: { version: number; action: 'start' | 'report' },
) {
  await db.transaction(async (tx) => {
    const r = await prepareTopic(tx, ctx, id, b.version);
    const to = nextState(r.status, b.action);
    if (!to) throw stateError(r.status, ACTION_NAMES[b.action]);
    if (b.action === 'report') {
      const missing = [];
      if (!r.report.trim()) missing.push({ field: 'report', message: '请先填写调研报告' });
      if (Number(r.finding_count) === 0)
        missing.push({ field: 'findings', message: '请至少登记一条调研发现' });
      if (missing.length) throw invalid(missing);
    }
    await tx
      .update(researchTopics)
      .set({
        status: to,
        reportedAt: b.action === 'report' ? now() : undefined,
        updatedAt: now(),
        version: b.version + 1,
      })
      .where(eq(researchTopics.id, id));
    await recordAudit(tx, ctx, {
      action: `research.${b.action}`,
      entityType: 'research_topic',
      entityId: id,
      orgId: Number(r.org_id),
      before: { status: r.status },
      after: { status: to },
    });
  });
  return getTopic(db, ctx, id);
}

export async function addFinding(db: Db, ctx: Ctx, id: number, b: { text: string }) {
  await db.transaction(async (tx) => {
    const r = await prepareTopic(tx, ctx, id);
    if (!canAddFinding(r.status)) throw stateError(r.status, '登记调研发现');
    const [m] = await tx
      .select({ max: sql<number>`coalesce(max(${researchFindings.seq}), 0)`.mapWith(Number) })
      .from(researchFindings)
      .where(eq(researchFindings.topicId, id));
    await tx.insert(researchFindings).values({ topicId: id, seq: m.max + 1, text: b.text });
    await tx
      .update(researchTopics)
      .set({ updatedAt: now(), version: sql`${researchTopics.version} + 1` })
      .where(eq(researchTopics.id, id));
    await recordAudit(tx, ctx, {
      action: 'research.finding',
      entityType: 'research_topic',
      entityId: id,
      orgId: Number(r.org_id),
      after: b,
    });
  });
  return getTopic(db, ctx, id);
}
