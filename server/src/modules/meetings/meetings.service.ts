import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client.js';
import { can, requireAt, requireVisible, scopeSql, type Actor } from '../../platform/access/access.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { now } from '../../platform/clock.js';
import type { Ctx } from '../../platform/context.js';
import { AppError, forbidden, invalid, notFound, versionConflict } from '../../platform/errors.js';
import { notifyUnits } from '../notifications/notifications.service.js';
import { orgs } from '../orgs/orgs.table.js';
import { createTaskIn } from '../tasks/tasks.service.js';
import { rows } from '../tasks/tasks.sql.js';
import type { TDecisionCreate, TMeetingCreate, TMeetingUpdate } from './meetings.schemas.js';
import { meetingDecisions, meetings, meetingVenues } from './meetings.table.js';

const read = (actor: Actor, col: string) => scopeSql(actor, 'meeting.read', sql.raw(col));

interface MeetingRow {
  id: number;
  campaign_id: number;
  organizer_org_id: number;
  organizer_org_name: string;
  organizer_path: string;
  title: string;
  starts_at: Date | string;
  attendee_scope: string;
  agenda: string;
  video_link: string | null;
  minutes: string;
  status: string;
  version: number;
  venue_count: number;
  total_rows: number;
}

/** Visible to the organiser's scope and to every venue's scope. */
function meetingQuery(actor: Actor, where: ReturnType<typeof sql>) {
  return sql`select m.id, m.campaign_id, m.organizer_org_id, oo.name as organizer_org_name,
      oo.path::text as organizer_path, m.title, m.starts_at, m.attendee_scope, m.agenda, m.video_link, m.minutes,
      m.status, m.version, (select count(*)::int from meeting_venues v where v.meeting_id = m.id) as venue_count,
      count(*) over()::int as total_rows
    from meetings m join orgs oo on oo.id = m.organizer_org_id
    where (${read(actor, 'oo.path')} or exists (select 1 from meeting_venues v join orgs vo on vo.id = v.org_id
      where v.meeting_id = m.id and ${read(actor, 'vo.path')})) and ${where}`;
}

const present = ({ total_rows: _t, organizer_path: _p, ...r }: MeetingRow) => ({
  id: r.id,
  campaignId: r.campaign_id,
  organizerOrgId: r.organizer_org_id,
  organizerOrgName: r.organizer_org_name,
  title: r.title,
  startsAt: new Date(r.starts_at).toISOString(),
  attendeeScope: r.attendee_scope,
  agenda: r.agenda,
  videoLink: r.video_link,
  minutes: r.minutes,
  status: r.status,
  version: Number(r.version),
  venueCount: Number(r.venue_count),
});

export async function listMeetings(
  db: Db,
  ctx: Ctx,
  q: { page: number; pageSize: number; campaignId?: number },
) {
  const list = await rows<MeetingRow>(
    db,
    sql`${meetingQuery(ctx.actor, q.campaignId ? sql`m.campaign_id = ${q.campaignId}` : sql`true`)}
      order by m.starts_at desc, m.id desc limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
  );
  return { items: list.map(present), total: Number(list[0]?.total_rows ?? 0) };
}

async function findMeeting(ex: Executor, ctx: Ctx, id: number) {
  const [m] = await rows<MeetingRow>(ex, meetingQuery(ctx.actor, sql`m.id = ${id}`));
  if (!m) throw notFound();
  return m;
}

export async function getMeeting(ex: Executor, ctx: Ctx, id: number) {
  const m = await findMeeting(ex, ctx, id);
  const whole = can(ctx.actor, 'meeting.read', m.organizer_path);
  // Outside the organiser's scope a unit sees the main venue and the venues in its own scope only.
  const venues = await rows<Record<string, unknown> & { org_path: string }>(
    ex,
    sql`select v.id, v.org_id, o.name as org_name, o.path::text as org_path, v.kind, v.place, v.expected, v.present,
        v.absence_note, v.recorded_at, v.version
      from meeting_venues v join orgs o on o.id = v.org_id
      where v.meeting_id = ${id} and (${whole} or v.kind = 'main' or ${read(ctx.actor, 'o.path')})
      order by v.kind, o.sort_order, o.id`,
  );
  const decisions = await ex
    .select({ id: meetingDecisions.id, content: meetingDecisions.content, taskId: meetingDecisions.taskId })
    .from(meetingDecisions)
    .where(eq(meetingDecisions.meetingId, id))
    .orderBy(asc(meetingDecisions.id));
  return {
    ...present(m),
    venues: venues.map((v) => ({
      id: Number(v.id),
      orgId: Number(v.org_id),
      orgName: String(v.org_name),
      kind: String(v.kind),
      place: String(v.place),
      expected: v.expected == null ? null : Number(v.expected),
      present: v.present == null ? null : Number(v.present),
      absenceNote: (v.absence_note as string | null) ?? null,
      recordedAt: v.recorded_at == null ? null : new Date(v.recorded_at as string).toISOString(),
      version: Number(v.version),
      canRecord: canRecord(ctx.actor, v.org_path),
    })),
    decisions,
    canManage: can(ctx.actor, 'meeting.manage', m.organizer_path),
  };
}

const canRecord = (actor: Actor, path: string) =>
  can(actor, 'meeting.manage', path) || can(actor, 'task.handle', path);

export const createMeeting = (db: Db, ctx: Ctx, input: TMeetingCreate) =>
  db.transaction(async (tx) => {
    const at = now();
    const [org] = await tx
      .select({ id: orgs.id, path: orgs.path })
      .from(orgs)
      .where(and(eq(orgs.id, input.organizerOrgId), scopeSql(ctx.actor, 'meeting.read', orgs.path)));
    if (!org)
      throw new AppError('NOT_FOUND', 404, {}, [
        { field: 'organizerOrgId', message: '单位不存在或无权访问' },
      ]);
    requireAt(ctx.actor, 'meeting.manage', org.path);
    const below = and(sql`${orgs.path} <@ ${org.path}::ltree`, ne(orgs.id, org.id), eq(orgs.active, true));
    const subs =
      input.subVenues === 'children'
        ? await tx
            .select({ id: orgs.id })
            .from(orgs)
            .where(and(below, eq(orgs.parentId, org.id)))
        : input.subVenues.length
          ? await tx
              .select({ id: orgs.id })
              .from(orgs)
              .where(and(below, inArray(orgs.id, input.subVenues)))
          : [];
    if (Array.isArray(input.subVenues) && subs.length !== new Set(input.subVenues).size)
      throw invalid([{ field: 'subVenues', message: '分会场须为主办单位的下级单位' }]);
    const [m] = await tx
      .insert(meetings)
      .values({
        campaignId: input.campaignId,
        organizerOrgId: org.id,
        title: input.title,
        startsAt: new Date(input.startsAt),
        attendeeScope: input.attendeeScope ?? '',
        agenda: input.agenda ?? '',
        videoLink: input.videoLink ?? null,
        createdAt: at,
        updatedAt: at,
      })
      .returning({ id: meetings.id });
    await tx
      .insert(meetingVenues)
      .values([
        { meetingId: m.id, orgId: org.id, kind: 'main', place: input.place ?? '' },
        ...subs.map((s) => ({ meetingId: m.id, orgId: s.id, kind: 'sub' })),
      ]);
    await notifyUnits(
      tx,
      subs.map((s) => ({ orgId: s.id })),
      'task.handle',
      () => ({
        kind: 'meeting',
        title: `会议通知：${input.title}`,
        body: '请组织本单位分会场参会，并在会后登记参会情况。',
        link: `/meetings/${m.id}`,
        subjectType: 'meeting',
        subjectId: m.id,
      }),
    );
    await recordAudit(tx, ctx, {
      action: 'meeting.create',
      entityType: 'meeting',
      entityId: m.id,
      orgId: org.id,
      after: input,
    });
    return getMeeting(tx, ctx, m.id);
  });

async function manageable(tx: Executor, ctx: Ctx, id: number) {
  const m = await findMeeting(tx, ctx, id);
  requireAt(ctx.actor, 'meeting.manage', m.organizer_path);
  return m;
}

export const updateMeeting = (db: Db, ctx: Ctx, id: number, input: TMeetingUpdate) =>
  db.transaction(async (tx) => {
    const m = await manageable(tx, ctx, id);
    const [locked] = await tx
      .select({ version: meetings.version })
      .from(meetings)
      .where(eq(meetings.id, id))
      .for('update');
    if (locked.version !== input.version) throw versionConflict();
    const { version: _v, ...changes } = input;
    await tx
      .update(meetings)
      .set({
        ...Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v ?? ''])),
        version: sql`${meetings.version} + 1`,
        updatedAt: now(),
      })
      .where(eq(meetings.id, id));
    await recordAudit(tx, ctx, {
      action: 'meeting.update',
      entityType: 'meeting',
      entityId: id,
      orgId: m.organizer_org_id,
      after: changes,
    });
    return getMeeting(tx, ctx, id);
  });

export const recordAttendance = (
  db: Db,
  ctx: Ctx,
  venueId: number,
  input: { version: number; expected: number; present: number; absenceNote: string | null },
) =>
  db.transaction(async (tx) => {
    const [v] = await tx
      .select({ venue: meetingVenues, path: orgs.path })
      .from(meetingVenues)
      .innerJoin(orgs, eq(orgs.id, meetingVenues.orgId))
      .where(eq(meetingVenues.id, venueId))
      .for('update', { of: meetingVenues });
    requireVisible(ctx.actor, 'meeting.read', v?.path);
    if (!canRecord(ctx.actor, v.path)) throw forbidden();
    if (v.venue.version !== input.version) throw versionConflict();
    await tx
      .update(meetingVenues)
      .set({
        expected: input.expected,
        present: input.present,
        absenceNote: input.absenceNote,
        recordedBy: ctx.actor.userId || null,
        recordedAt: now(),
        version: sql`${meetingVenues.version} + 1`,
        updatedAt: now(),
      })
      .where(eq(meetingVenues.id, venueId));
    await recordAudit(tx, ctx, {
      action: 'meeting.attendance',
      entityType: 'meeting_venue',
      entityId: venueId,
      orgId: v.venue.orgId,
      after: input,
    });
    return getMeeting(tx, ctx, v.venue.meetingId);
  });

/** A decision, and with `task` the task it becomes, issued by the organiser in the same transaction. */
export const addDecision = (db: Db, ctx: Ctx, id: number, input: TDecisionCreate) =>
  db.transaction(async (tx) => {
    const m = await manageable(tx, ctx, id);
    const task = input.task
      ? await createTaskIn(
          tx,
          ctx,
          {
            ...input.task,
            campaignId: m.campaign_id,
            issuingOrgId: m.organizer_org_id,
            basis: input.task.basis ?? `${m.title}决定：${input.content}`.slice(0, 1000),
          },
          id,
        )
      : undefined;
    await tx
      .insert(meetingDecisions)
      .values({ meetingId: id, content: input.content, taskId: task?.id ?? null, createdAt: now() });
    await recordAudit(tx, ctx, {
      action: 'meeting.decision',
      entityType: 'meeting',
      entityId: id,
      orgId: m.organizer_org_id,
      after: { content: input.content, taskId: task?.id },
    });
    return getMeeting(tx, ctx, id);
  });
