import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../app.js';
import { requireUser } from '../../platform/auth/plugin.js';
import { ZIdParams } from '../../platform/schemas.js';
import {
  ZPerson,
  ZPersonCreate,
  ZPersonDeactivate,
  ZPersonList,
  ZPersonListQuery,
  ZPersonUpdate,
} from './people.schemas.js';
import * as svc from './people.service.js';

const tags = ['people'];

export const peopleRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    app.get(
      '/api/v1/people',
      { schema: { tags, querystring: ZPersonListQuery, response: { 200: ZPersonList } } },
      async (req) => svc.listPeople(db, requireUser(req), req.query),
    );
    app.get(
      '/api/v1/people/:id',
      { schema: { tags, params: ZIdParams, response: { 200: ZPerson } } },
      async (req) => svc.getPerson(db, requireUser(req), req.params.id),
    );
    app.post(
      '/api/v1/people',
      { schema: { tags, body: ZPersonCreate, response: { 201: ZPerson } } },
      async (req, reply) => reply.status(201).send(await svc.createPerson(db, requireUser(req), req.body)),
    );
    app.patch(
      '/api/v1/people/:id',
      { schema: { tags, params: ZIdParams, body: ZPersonUpdate, response: { 200: ZPerson } } },
      async (req) => svc.updatePerson(db, requireUser(req), req.params.id, req.body),
    );
    app.post(
      '/api/v1/people/:id/deactivate',
      { schema: { tags, params: ZIdParams, body: ZPersonDeactivate, response: { 200: ZPerson } } },
      async (req) => svc.deactivatePerson(db, requireUser(req), req.params.id, req.body),
    );
  };
