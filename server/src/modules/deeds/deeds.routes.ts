import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../app.js';
import { requireUser } from '../../platform/auth/plugin.js';
import { ZIdParams } from '../../platform/schemas.js';
import {
  ZDeed,
  ZDeedComplete,
  ZDeedCreate,
  ZDeedList,
  ZDeedListQuery,
  ZDeedProgress,
} from './deeds.schemas.js';
import * as svc from './deeds.service.js';

const tags = ['deeds'];

export const deedRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    app.get(
      '/api/v1/deeds',
      { schema: { tags, querystring: ZDeedListQuery, response: { 200: ZDeedList } } },
      async (req) => svc.listDeeds(db, requireUser(req), req.query),
    );
    app.get(
      '/api/v1/deeds/:id',
      { schema: { tags, params: ZIdParams, response: { 200: ZDeed } } },
      async (req) => svc.getDeed(db, requireUser(req), req.params.id),
    );
    app.post(
      '/api/v1/deeds',
      { schema: { tags, body: ZDeedCreate, response: { 201: ZDeed } } },
      async (req, reply) => reply.status(201).send(await svc.createDeed(db, requireUser(req), req.body)),
    );
    app.post(
      '/api/v1/deeds/:id/progress',
      { schema: { tags, params: ZIdParams, body: ZDeedProgress, response: { 200: ZDeed } } },
      async (req) => svc.updateProgress(db, requireUser(req), req.params.id, req.body),
    );
    app.post(
      '/api/v1/deeds/:id/complete',
      { schema: { tags, params: ZIdParams, body: ZDeedComplete, response: { 200: ZDeed } } },
      async (req) => svc.completeDeed(db, requireUser(req), req.params.id, req.body.version),
    );
  };
