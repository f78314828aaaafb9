import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../app.js';
import { requireUser } from '../../platform/auth/plugin.js';
import { ZIdParams } from '../../platform/schemas.js';
import * as grantsSvc from './grants.service.js';
import {
  ZGrant,
  ZGrantCreate,
  ZGrantList,
  ZGrantListQuery,
  ZRole,
  ZSupervisionGroup,
} from './users.schemas.js';
import { listRoles } from './users.service.js';

const tags = ['grants'];

export const grantRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    app.get('/api/v1/roles', { schema: { tags, response: { 200: z.array(ZRole) } } }, async (req) =>
      listRoles(db, requireUser(req)),
    );
    app.get(
      '/api/v1/grants',
      { schema: { tags, querystring: ZGrantListQuery, response: { 200: ZGrantList } } },
      async (req) => grantsSvc.listGrants(db, requireUser(req), req.query),
    );
    app.post(
      '/api/v1/grants',
      { schema: { tags, body: ZGrantCreate, response: { 201: ZGrant } } },
      async (req, reply) =>
        reply.status(201).send(await grantsSvc.createGrant(db, requireUser(req), req.body)),
    );
    app.delete(
      '/api/v1/grants/:id',
      { schema: { tags, params: ZIdParams, response: { 200: z.object({ ok: z.literal(true) }) } } },
      async (req) => grantsSvc.deleteGrant(db, requireUser(req), req.params.id),
    );
    app.get(
      '/api/v1/supervision-groups',
      { schema: { tags, response: { 200: z.array(ZSupervisionGroup) } } },
      async (req) => grantsSvc.listSupervisionGroups(db, requireUser(req)),
    );
  };
