import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { prepared } from '../../db/query.js';
import { can, orgIdOfPath, scopeRoots, type Actor } from '../../platform/access/access.js';
import type { Permission } from '../../platform/access/permissions.js';
import { coalescerOf } from '../../platform/coalesce.js';
import { notFound } from '../../platform/errors.js';
import { orgs } from '../orgs/orgs.table.js';
import type { TDashboard, TDashboardChildren, TDashboardParts } from './dashboard.schemas.js';
import {
  countersColumns,
  countersFrom,
  countersOf,
  LIGHTS,
  type Light,
  type OpinionCounts,
  type ProblemCounts,
} from './rollup.repo.js';

/** What each part of the dashboard needs at the org; a part the caller may not read comes back null. */
const PARTS = {
  problems: ['problem.read'],
  assignments: ['task.read'],
  opinions: ['opinion.handle', 'opinion.dispatch'],
} satisfies Record<string, Permission[]>;
type Part = keyof typeof PARTS;
const ALL: Permission[] = Object.values(PARTS).flat();

const may = (actor: Actor, part: Part, path: string) => PARTS[part].some((p) => can(actor, p, path));
const mayAny = (actor: Actor, path: string) => ALL.some((p) => can(actor, p, path));

/** The default org: the widest root the caller reads anything at. */
function defaultOrg(actor: Actor): number {
  const root = ALL.flatMap((p) => scopeRoots(actor, p)).sort((a, b) => a.length - b.length)[0];
  if (!root) throw notFound();
  return orgIdOfPath(root);
}

/** The org's row, with `more` columns computed in the same statement. */
const orgRow = <M extends Record<string, SQL<unknown>>>(db: Executor, id: number, more = {} as M) =>
  db
    .select({
      id: orgs.id,
      name: orgs.name,
      parentId: orgs.parentId,
      path: sql<string>`${orgs.path}::text`,
      ...more,
    })
    .from(orgs)
    .where(eq(orgs.id, id));

/** The org asked for (or the default), 404 unless the caller reads some part of the dashboard there. */
async function visibleOrg(db: Executor, actor: Actor, orgId: number | undefined) {
  const [org] = await orgRow(db, orgId ?? defaultOrg(actor));
  if (!org || !mayAny(actor, org.path)) throw notFound();
  return org;
}

/**
 * Reads the counters of several orgs' subtrees, each part only for the orgs where the caller may read it: one
 * statement, each part one indexed read of the orgs' own counter rows.
 */
async function partsOf(
  db: Executor,
  actor: Actor,
  list: { id: number; path: string }[],
  campaignId: number | undefined,
  toleranceHours: number,
): Promise<Map<number, TDashboardParts>> {
  const ids = (part: Part) => list.filter((o) => may(actor, part, o.path)).map((o) => o.id);
  const orgIds = { problems: ids('problems'), assignments: ids('assignments'), opinions: ids('opinions') };
  const c = await countersOf(db, orgIds, campaignId, toleranceHours);
  const [pc, ac, oc] = [c.problems, c.assignments, c.opinions];
  const out = new Map<number, TDashboardParts>();
  for (const o of list) {
    out.set(o.id, {
      problems: may(actor, 'problems', o.path) ? presentProblems(pc.get(o.id)) : null,
      assignments: may(actor, 'assignments', o.path) ? presentAssignments(ac.get(o.id) ?? {}) : null,
      opinions: may(actor, 'opinions', o.path) ? (oc.get(o.id) as OpinionCounts) : null,
    });
  }
  return out;
}

function presentProblems(pc: ProblemCounts | undefined): TDashboard['problems'] {
  const c = pc ?? { status: {}, light: {}, byStatus: {}, onTime: 0 };
  const light = Object.fromEntries(LIGHTS.map((l) => [l, c.light[l] ?? 0])) as Record<Light, number>;
  return {
    total: Object.values(c.status).reduce((a, b) => a + b, 0),
    byStatus: Object.fromEntries(
      Object.entries(c.byStatus).map(([s, l]) => [s, { ...l, total: c.status[s] ?? 0 }]),
    ),
    light,
    onTime: c.onTime,
  };
}

function presentAssignments(byStatus: Record<string, number>): TDashboard['assignments'] {
  return { total: Object.values(byStatus).reduce((a, b) => a + b, 0), byStatus };
}

/**
 * 驾驶舱: a subtree's problems by status and light, assignments by status and opinion rates, from the counters.
 * The org and all three parts are one statement, shared by concurrent requests for the same org and campaign
 * (platform/coalesce.ts): a busy dashboard costs one such read at a time, and every answer is still read after
 * its request came in. The caller's rights are applied to the shared figures: a part
 * the caller may not read is null, and an org where they read nothing is 404.
 */
export async function dashboard(
  db: Executor,
  actor: Actor,
  q: { orgId?: number; campaignId?: number },
  toleranceHours: number,
): Promise<TDashboard> {
  const id = q.orgId ?? defaultOrg(actor);
  const { org, pc, ac, oc } = await coalescerOf(db).run(
    `dashboard:${id}:${q.campaignId ?? ''}:${toleranceHours}`,
    async () => {
      const all = { problems: [id], assignments: [id], opinions: [id] };
      const [row] = await prepared(orgRow(db, id, countersColumns(all, q.campaignId, toleranceHours)));
      if (!row) return { org: undefined, pc: undefined, ac: {}, oc: undefined };
      const c = countersFrom(row, all);
      return { org: row, pc: c.problems.get(id), ac: c.assignments.get(id) ?? {}, oc: c.opinions.get(id) };
    },
  );
  if (!org || !mayAny(actor, org.path)) throw notFound();
  return {
    org: { id: org.id, name: org.name, parentId: org.parentId },
    campaignId: q.campaignId ?? null,
    problems: may(actor, 'problems', org.path) ? presentProblems(pc) : null,
    assignments: may(actor, 'assignments', org.path) ? presentAssignments(ac) : null,
    opinions: may(actor, 'opinions', org.path) ? (oc as OpinionCounts) : null,
  };
}

/**
 * The same figures for each active direct child of the org (分单位), and the org's ancestors the caller may open
 * (the breadcrumb). Children lie in the org's subtree, so a caller who may open the org may open them; each part
 * is still checked per child, as a grant lower down can add a part there.
 */
export async function dashboardChildren(
  db: Executor,
  actor: Actor,
  q: { orgId?: number; campaignId?: number },
  toleranceHours: number,
): Promise<TDashboardChildren> {
  const org = await visibleOrg(db, actor, q.orgId);
  const up = org.path.split('.').slice(0, -1);
  const [kids, above] = await Promise.all([
    db
      .select({
        id: orgs.id,
        name: orgs.name,
        path: sql<string>`${orgs.path}::text`,
        childCount: sql<number>`(select count(*)::int from orgs k where k.parent_id = orgs.id and k.active)`,
      })
      .from(orgs)
      .where(and(eq(orgs.parentId, org.id), eq(orgs.active, true)))
      .orderBy(asc(orgs.sortOrder), asc(orgs.id)),
    up.length
      ? db
          .select({ id: orgs.id, name: orgs.name })
          .from(orgs)
          .where(inArray(orgs.id, up.map(Number)))
      : [],
  ]);
  const ancestors = up
    .map((id, i) => ({ id: Number(id), path: up.slice(0, i + 1).join('.') }))
    .filter((a) => mayAny(actor, a.path))
    .flatMap((a) => above.filter((o) => o.id === a.id));
  const parts = await partsOf(db, actor, kids, q.campaignId, toleranceHours);
  return {
    org: { id: org.id, name: org.name, parentId: org.parentId },
    campaignId: q.campaignId ?? null,
    ancestors,
    children: kids.map((k) => ({
      org: { id: k.id, name: k.name, childCount: Number(k.childCount) },
      ...parts.get(k.id)!,
    })),
  };
}

/**
 * What other modules may read from the pre-aggregated roll-ups (the counter tables are this module's own):
 * the problems of several subtrees by status and light, and open problems by deadline range; for the staff and
 * public statistics, the opinions' counts and overdue ones, published problems and deeds per subtree.
 */
export { DATED_STATUSES, deadlineCount, opinionCountsOf, problemCountsSum, rate } from './rollup.repo.js';
export { opinionOverdueOf, publicCountsOf } from './rollup.stats.js';
