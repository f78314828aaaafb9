import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../app.js';
import { requireUser } from '../../platform/auth/plugin.js';
import { ZIdParams } from '../../platform/schemas.js';
import { convertFinding } from './research.convert.js';
import {
  ZFindingConvert,
  ZFindingCreate,
  ZResearchCreate,
  ZResearchDetail,
  ZResearchList,
  ZResearchQuery,
  ZResearchTransition,
  ZResearchUpdate,
} from './research.schemas.js';
import * as svc from './research.service.js';

const tags = ['research'];
const detail = { 200: ZResearchDetail };

export const researchRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    app.get(
      '/api/v1/research-topics',
      { schema: { tags, querystring: ZResearchQuery, response: { 200: ZResearchList } } },
      async (req) => svc.listTopics(db, requireUser(req), req.query),
    );
    app.get(
      '/api/v1/research-topics/:id',
      { schema: { tags, params: ZIdParams, response: detail } },
      async (req) => svc.getTopic(db, requireUser(req), req.params.id),
    );
    app.post(
      '/api/v1/research-topics',
      { schema: { tags, body: ZResearchCreate, response: { 201: ZResearchDetail } } },
      async (req, reply) => reply.status(201).send(await svc.createTopic(db, requireUser(req), req.body)),
    );
    app.patch(
      '/api/v1/research-topics/:id',
      { schema: { tags, params: ZIdParams, body: ZResearchUpdate, response: detail } },
      async (req) => svc.updateTopic(db, requireUser(req), req.params.id, req.body),
    );
    app.post(
      '/api/v1/research-topics/:id/transitions',
      { schema: { tags, params: ZIdParams, body: ZResearchTransition, response: detail } },
      async (req) => svc.transitionTopic(db, requireUser(req), req.params.id, req.body),
    );
    app.post(
      '/api/v1/research-topics/:id/findings',
      { schema: { tags, params: ZIdParams, body: ZFindingCreate, response: detail } },
      async (req) => svc.addFinding(db, requireUser(req), req.params.id, req.body),
    );
    app.post(
      '/api/v1/research-findings/:id/convert',
      { schema: { tags, params: ZIdParams, body: ZFindingConvert, response: detail } },
      async (req) => convertFinding(db, requireUser(req), req.params.id, req.body),
    );
  };
