import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../app.js';
import { requireUser } from '../../platform/auth/plugin.js';
import { ZIdParams } from '../../platform/schemas.js';
import {
  ZStudyRateQuery,
  ZStudyRates,
  ZStudySessionCreate,
  ZStudySessionDetail,
  ZStudySessionList,
  ZStudySessionQuery,
  ZStudySessionUpdate,
} from './study.schemas.js';
import * as svc from './study.service.js';

const tags = ['study'];

export const studyRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    app.get(
      '/api/v1/study-sessions',
      { schema: { tags, querystring: ZStudySessionQuery, response: { 200: ZStudySessionList } } },
      async (req) => svc.listSessions(db, requireUser(req), req.query),
    );
    app.get(
      '/api/v1/study-sessions/:id',
      { schema: { tags, params: ZIdParams, response: { 200: ZStudySessionDetail } } },
      async (req) => svc.getSession(db, requireUser(req), req.params.id),
    );
    app.post(
      '/api/v1/study-sessions',
      { schema: { tags, body: ZStudySessionCreate, response: { 201: ZStudySessionDetail } } },
      async (req, reply) => reply.status(201).send(await svc.createSession(db, requireUser(req), req.body)),
    );
    app.patch(
      '/api/v1/study-sessions/:id',
      {
        schema: {
          tags,
          params: ZIdParams,
          body: ZStudySessionUpdate,
          response: { 200: ZStudySessionDetail },
        },
      },
      async (req) => svc.updateSession(db, requireUser(req), req.params.id, req.body),
    );
    app.get(
      '/api/v1/study-rates',
      { schema: { tags, querystring: ZStudyRateQuery, response: { 200: ZStudyRates } } },
      async (req) => svc.attendanceRates(db, requireUser(req), req.query),
    );
  };
