import { eq, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../app.js';
import type { Executor } from '../../db/client.js';
import { can, scopeRoots, type Actor } from '../../platform/access/access.js';
import type { Permission } from '../../platform/access/permissions.js';
import { requireUser } from '../../platform/auth/plugin.js';
import { notFound } from '../../platform/errors.js';
import { orgs } from '../orgs/orgs.table.js';
import { ZDashboard, ZDashboardQuery, type TDashboard } from './dashboard.schemas.js';
import { assignmentCounts, LIGHTS, opinionCounts, problemCounts } from './rollup.repo.js';

/** What each part of the dashboard needs at the org; a part the caller may not read comes back null. */
const PARTS = {
  problems: ['problem.read'],
  assignments: ['task.read'],
  opinions: ['opinion.handle', 'opinion.dispatch'],
} satisfies Record<string, Permission[]>;
const ALL: Permission[] = Object.values(PARTS).flat();

/** The default org: the widest root the caller reads anything at. */
async function defaultOrg(db: Executor, actor: Actor): Promise<number> {
  const root = ALL.flatMap((p) => scopeRoots(actor, p)).sort((a, b) => a.length - b.length)[0];
  if (!root) throw notFound();
  return Number(root.split('.').pop());
}

export async function dashboard(
  db: Executor,
  actor: Actor,
  q: { orgId?: number; campaignId?: number },
  toleranceHours: number,
): Promise<TDashboard> {
  const orgId = q.orgId ?? (await defaultOrg(db, actor));
  const [org] = await db
    .select({ id: orgs.id, name: orgs.name, parentId: orgs.parentId, path: sql<string>`${orgs.path}::text` })
    .from(orgs)
    .where(eq(orgs.id, orgId));
  const may = (part: keyof typeof PARTS) => !!org && PARTS[part].some((p) => can(actor, p, org.path));
  if (!org || !ALL.some((p) => can(actor, p, org.path))) throw notFound();

  // three independent reads of a few hundred counter rows each: in parallel on a pool (one after another on PGlite)
  const [pc, byStatus, opinions] = await Promise.all([
    may('problems') ? problemCounts(db, org.id, q.campaignId) : null,
    may('assignments') ? assignmentCounts(db, org.id, q.campaignId) : null,
    may('opinions') ? opinionCounts(db, org.id, toleranceHours) : null,
  ]);
  let problems: TDashboard['problems'] = null;
  if (pc) {
    const light = Object.fromEntries(LIGHTS.map((l) => [l, pc.light[l] ?? 0])) as Record<
      (typeof LIGHTS)[number],
      number
    >;
    problems = {
      total: Object.values(pc.status).reduce((a, b) => a + b, 0),
      byStatus: Object.fromEntries(
        Object.entries(pc.byStatus).map(([s, l]) => [s, { ...l, total: pc.status[s] ?? 0 }]),
      ),
      light,
      onTime: pc.onTime,
    };
  }
  const assignments: TDashboard['assignments'] = byStatus && {
    total: Object.values(byStatus).reduce((a, b) => a + b, 0),
    byStatus,
  };
  return {
    org: { id: org.id, name: org.name, parentId: org.parentId },
    campaignId: q.campaignId ?? null,
    problems,
    assignments,
    opinions,
  };
}

/** 驾驶舱: a subtree's problems by status and light, assignments by status and opinion rates, from the counters. */
export const dashboardRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/v1/dashboard',
      { schema: { tags: ['dashboard'], querystring: ZDashboardQuery, response: { 200: ZDashboard } } },
      async (req) =>
        dashboard(deps.db, requireUser(req).actor, req.query, deps.config.publicSide.toleranceHours),
    );
  };
