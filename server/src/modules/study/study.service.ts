import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client.js';
import { can, requireAt, scopeRoots, scopeSql, type Actor } from '../../platform/access/access.js';
import { writeTarget } from '../../platform/access/target.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { now } from '../../platform/clock.js';
import type { Ctx } from '../../platform/context.js';
import { invalid, notFound, versionConflict } from '../../platform/errors.js';
import { orgs } from '../orgs/orgs.table.js';
import { people } from '../people/people.table.js';
import { rows } from '../tasks/tasks.sql.js';
import type {
  TRateRow,
  TStudyRateQuery,
  TStudySession,
  TStudySessionCreate,
  TStudySessionQuery,
  TStudySessionUpdate,
} from './study.schemas.js';
import { studyAttendance, studySessions } from './study.table.js';

const readScope = (actor: Actor, col: string) => scopeSql(actor, 'study.read', sql.raw(col));

interface SessionRow {
  id: number;
  org_id: number;
  org_name: string;
  org_path: string;
  campaign_id: number;
  title: string;
  kind: TStudySession['kind'];
  held_on: string | Date;
  place: string;
  summary: string;
  organizer: string;
  version: number;
  present: number;
  absent: number;
  leave: number;
  total_rows: number;
}

const day = (d: string | Date) => (typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10));

const present = (r: SessionRow): TStudySession => ({
  id: Number(r.id),
  orgId: Number(r.org_id),
  orgName: r.org_name,
  campaignId: Number(r.campaign_id),
  title: r.title,
  kind: r.kind,
  heldOn: day(r.held_on),
  place: r.place,
  summary: r.summary,
  organizer: r.organizer,
  counts: { present: Number(r.present), absent: Number(r.absent), leave: Number(r.leave) },
  version: Number(r.version),
});

/** Sessions in the actor's read scope with their attendance counts; `where` narrows further. */
const sessionQuery = (actor: Actor, where: SQL) => sql`select s.id, s.org_id, o.name as org_name,
    o.path::text as org_path, s.campaign_id, s.title, s.kind, s.held_on::text as held_on, s.place, s.summary,
    s.organizer, s.version, c.present, c.absent, c.leave, count(*) over()::int as total_rows
  from study_sessions s join orgs o on o.id = s.org_id
  cross join lateral (select count(*) filter (where a.status = 'present')::int as present,
      count(*) filter (where a.status = 'absent')::int as absent,
      count(*) filter (where a.status = 'leave')::int as leave
    from study_attendance a where a.session_id = s.id) c
  where ${readScope(actor, 'o.path')} and ${where}`;

/** The path of an org, as a literal for the planner; undefined when there is no such org. */
async function orgPath(ex: Executor, id: number) {
  const [o] = await ex.select({ path: orgs.path, name: orgs.name }).from(orgs).where(eq(orgs.id, id));
  return o;
}

function filters(q: { campaignId?: number; from?: string; to?: string; kind?: string }, path?: string) {
  const conds: SQL[] = [sql`true`];
  if (path) conds.push(sql`o.path <@ ${path}::ltree`);
  if (q.campaignId) conds.push(sql`s.campaign_id = ${q.campaignId}`);
  if (q.kind) conds.push(sql`s.kind = ${q.kind}`);
  if (q.from) conds.push(sql`s.held_on >= ${q.from}::date`);
  if (q.to) conds.push(sql`s.held_on <= ${q.to}::date`);
  return sql.join(conds, sql` and `);
}

export async function listSessions(db: Db, ctx: Ctx, q: TStudySessionQuery) {
  let path: string | undefined;
  if (q.orgId) {
    path = (await orgPath(db, q.orgId))?.path;
    if (!path) return { items: [], total: 0 };
  }
  const list = await rows<SessionRow>(
    db,
    sql`${sessionQuery(ctx.actor, filters(q, path))}
      order by s.held_on desc, s.id desc limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
  );
  return { items: list.map(present), total: Number(list[0]?.total_rows ?? 0) };
}

async function findSession(ex: Executor, ctx: Ctx, id: number) {
  const [s] = await rows<SessionRow>(ex, sessionQuery(ctx.actor, sql`s.id = ${id}`));
  if (!s) throw notFound();
  return s;
}

export async function getSession(ex: Executor, ctx: Ctx, id: number) {
  const s = await findSession(ex, ctx, id);
  const list = await ex
    .select({
      personId: studyAttendance.personId,
      name: people.name,
      status: studyAttendance.status,
      reason: studyAttendance.reason,
    })
    .from(studyAttendance)
    .innerJoin(people, eq(people.id, studyAttendance.personId))
    .where(eq(studyAttendance.sessionId, id))
    .orderBy(people.id);
  return {
    ...present(s),
    attendance: list.map((a) => ({ ...a, status: a.status as 'present' | 'absent' | 'leave' })),
    canRecord: can(ctx.actor, 'study.record', s.org_path),
  };
}

/** The members listed must be active people of the session's own unit. */
async function checkMembers(tx: Executor, orgId: number, list: { personId: number }[]) {
  if (!list.length) return;
  const ids = list.map((a) => a.personId);
  const found = await tx
    .select({ id: people.id })
    .from(people)
    .where(and(inArray(people.id, ids), eq(people.orgId, orgId), eq(people.active, true)));
  const known = new Set(found.map((p) => p.id));
  const bad = list.findIndex((a) => !known.has(a.personId));
  if (bad >= 0) throw invalid([{ field: `attendance.${bad}.personId`, message: '人员不是本单位在册人员' }]);
}

async function writeAttendance(tx: Executor, sessionId: number, list: TStudySessionCreate['attendance']) {
  await tx.delete(studyAttendance).where(eq(studyAttendance.sessionId, sessionId));
  if (!list.length) return;
  await tx
    .insert(studyAttendance)
    .values(list.map((a) => ({ sessionId, personId: a.personId, status: a.status, reason: a.reason ?? '' })));
}

export async function createSession(db: Db, ctx: Ctx, b: TStudySessionCreate) {
  const id = await db.transaction(async (tx) => {
    const { org, campaignId } = await writeTarget(tx, ctx.actor, b, 'study.read', 'study.record');
    await checkMembers(tx, org.id, b.attendance);
    const [s] = await tx
      .insert(studySessions)
      .values({
        orgId: org.id,
        campaignId,
        title: b.title,
        kind: b.kind,
        heldOn: b.heldOn,
        place: b.place ?? '',
        summary: b.summary ?? '',
        organizer: b.organizer ?? '',
        createdBy: ctx.actor.userId || null,
      })
      .returning({ id: studySessions.id });
    await writeAttendance(tx, s.id, b.attendance);
    await recordAudit(tx, ctx, {
      action: 'study.create',
      entityType: 'study_session',
      entityId: s.id,
      orgId: org.id,
      after: b,
    });
    return s.id;
  });
  return getSession(db, ctx, id);
}

export async function updateSession(db: Db, ctx: Ctx, id: number, b: TStudySessionUpdate) {
  await db.transaction(async (tx) => {
    const s = await findSession(tx, ctx, id);
    requireAt(ctx.actor, 'study.record', s.org_path);
    if (Number(s.version) !== b.version) throw versionConflict();
    if (b.attendance) {
      await checkMembers(tx, Number(s.org_id), b.attendance);
      await writeAttendance(tx, id, b.attendance);
    }
    await tx
      .update(studySessions)
      .set({
        title: b.title,
        kind: b.kind,
        heldOn: b.heldOn,
        place: b.place,
        summary: b.summary,
        organizer: b.organizer,
        updatedAt: now(),
        version: b.version + 1,
      })
      .where(eq(studySessions.id, id));
    await recordAudit(tx, ctx, {
      action: 'study.update',
      entityType: 'study_session',
      entityId: id,
      orgId: Number(s.org_id),
      after: b,
    });
  });
  return getSession(db, ctx, id);
}

interface RateRow {
  id: number;
  name: string;
  sessions: number;
  present: number;
  absent: number;
  leave: number;
}

const rate = (r: RateRow): TRateRow => {
  const listed = Number(r.present) + Number(r.absent) + Number(r.leave);
  return {
    orgId: Number(r.id),
    orgName: r.name,
    sessions: Number(r.sessions),
    present: Number(r.present),
    absent: Number(r.absent),
    leave: Number(r.leave),
    attendanceRate: listed ? Number(r.present) / listed : null,
  };
};

/**
 * Sessions held and the attendance rate per unit, each unit counting its whole subtree (rolled up by path).
 * With `orgId`: that unit and the units directly below it; without: the actor's scope roots.
 */
export async function attendanceRates(db: Db, ctx: Ctx, q: TStudyRateQuery) {
  let root: { id: number; path: string } | undefined;
  if (q.orgId) {
    const [o] = await db
      .select({ id: orgs.id, path: orgs.path })
      .from(orgs)
      .where(and(eq(orgs.id, q.orgId), scopeSql(ctx.actor, 'study.read', orgs.path)));
    if (!o) throw notFound();
    root = o;
  }
  const roots = scopeRoots(ctx.actor, 'study.read');
  if (!root && !roots.length) return { org: null, items: [], total: 0 };
  const units = root
    ? sql`select id, name, path from orgs where id = ${root.id} or (parent_id = ${root.id} and active)`
    : sql`select id, name, path from orgs where path = any(array[${sql.join(
        roots.map((r) => sql`${r}::ltree`),
        sql`, `,
      )}])`;
  const within = root ? sql`o.path <@ ${root.path}::ltree` : readScope(ctx.actor, 'o.path');
  const list = await rows<RateRow & { path: string; sort_order: number }>(
    db,
    sql`with units as (${units}),
      per as (select o.path, count(*) filter (where a.status = 'present')::int as present,
          count(*) filter (where a.status = 'absent')::int as absent,
          count(*) filter (where a.status = 'leave')::int as leave
        from study_sessions s join orgs o on o.id = s.org_id
        left join study_attendance a on a.session_id = s.id
        where ${within} and ${filters(q)}
        group by s.id, o.path)
      select u.id, u.name, u.path::text as path, count(per.path)::int as sessions,
        coalesce(sum(per.present), 0)::int as present, coalesce(sum(per.absent), 0)::int as absent,
        coalesce(sum(per.leave), 0)::int as leave
      from units u left join per on per.path <@ u.path
      group by u.id, u.name, u.path order by u.path`,
  );
  const org = root ? list.find((r) => Number(r.id) === root.id) : undefined;
  const items = list.filter((r) => r !== org).map(rate);
  return { org: org ? rate(org) : null, items, total: items.length };
}
