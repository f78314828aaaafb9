import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../app.js';
import { requireAny } from '../../platform/access/access.js';
import { requireUser } from '../../platform/auth/plugin.js';
import { ZIdParams, ZPageQuery } from '../../platform/schemas.js';
import { ORG_KINDS } from './orgs.kinds.js';
import {
  ZOrg,
  ZOrgCategory,
  ZOrgClose,
  ZOrgCreate,
  ZOrgDetail,
  ZOrgKind,
  ZOrgList,
  ZOrgListQuery,
  ZOrgMove,
  ZOrgUpdate,
} from './orgs.schemas.js';
import * as svc from './orgs.service.js';

const tags = ['orgs'];

export const orgRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    app.get(
      '/api/v1/orgs',
      { schema: { tags, querystring: ZOrgListQuery, response: { 200: ZOrgList } } },
      async (req) => svc.listOrgs(db, requireUser(req), req.query),
    );
    app.get('/api/v1/orgs/roots', { schema: { tags, response: { 200: z.array(ZOrg) } } }, async (req) =>
      svc.scopeRootOrgs(db, requireUser(req)),
    );
    app.get(
      '/api/v1/orgs/:id',
      { schema: { tags, params: ZIdParams, response: { 200: ZOrgDetail } } },
      async (req) => svc.getOrg(db, requireUser(req), req.params.id),
    );
    app.get(
      '/api/v1/orgs/:id/children',
      { schema: { tags, params: ZIdParams, querystring: ZPageQuery, response: { 200: ZOrgList } } },
      async (req) => {
        const ctx = requireUser(req);
        await svc.getOrg(db, ctx, req.params.id);
        return svc.listOrgs(db, ctx, { ...req.query, parentId: req.params.id });
      },
    );
    app.post(
      '/api/v1/orgs',
      { schema: { tags, body: ZOrgCreate, response: { 201: ZOrg } } },
      async (req, reply) => {
        const org = await svc.createOrg(db, requireUser(req), req.body);
        return reply.status(201).send(org);
      },
    );
    app.patch(
      '/api/v1/orgs/:id',
      { schema: { tags, params: ZIdParams, body: ZOrgUpdate, response: { 200: ZOrg } } },
      async (req) => svc.updateOrg(db, requireUser(req), req.params.id, req.body),
    );
    app.post(
      '/api/v1/orgs/:id/move',
      { schema: { tags, params: ZIdParams, body: ZOrgMove, response: { 200: ZOrg } } },
      async (req) => svc.moveOrg(db, requireUser(req), req.params.id, req.body),
    );
    app.post(
      '/api/v1/orgs/:id/close',
      { schema: { tags, params: ZIdParams, body: ZOrgClose, response: { 200: ZOrg } } },
      async (req) => svc.setOrgActive(db, requireUser(req), req.params.id, req.body, false),
    );
    app.post(
      '/api/v1/orgs/:id/reopen',
      { schema: { tags, params: ZIdParams, body: ZOrgClose, response: { 200: ZOrg } } },
      async (req) => svc.setOrgActive(db, requireUser(req), req.params.id, req.body, true),
    );
    app.get('/api/v1/org-kinds', { schema: { tags, response: { 200: z.array(ZOrgKind) } } }, async (req) => {
      requireUser(req);
      return ORG_KINDS.map((k) => ({ ...k }));
    });
    app.get(
      '/api/v1/org-categories',
      { schema: { tags, response: { 200: z.array(ZOrgCategory) } } },
      async (req) => {
        requireAny(requireUser(req).actor, 'org.read');
        return svc.listCategories(db);
      },
    );
  };
