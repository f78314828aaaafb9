import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../app.js';
import { requireUser } from '../../platform/auth/plugin.js';
import { ZDashboard, ZDashboardChildren, ZDashboardQuery } from './dashboard.schemas.js';
import { dashboard, dashboardChildren } from './dashboard.service.js';

/** 驾驶舱 (看板): the subtree's figures from the roll-up counters, and the same per direct child unit. */
export const dashboardRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['dashboard'];
    app.get(
      '/api/v1/dashboard',
      { schema: { tags, querystring: ZDashboardQuery, response: { 200: ZDashboard } } },
      async (req) =>
        dashboard(deps.db, requireUser(req).actor, req.query, deps.config.publicSide.toleranceHours),
    );
    // read-only figures: from the read replica when one is set (docs/operations.md)
    app.get(
      '/api/v1/dashboard/children',
      { schema: { tags, querystring: ZDashboardQuery, response: { 200: ZDashboardChildren } } },
      async (req) =>
        dashboardChildren(
          deps.database.read,
          requireUser(req).actor,
          req.query,
          deps.config.publicSide.toleranceHours,
        ),
    );
  };
