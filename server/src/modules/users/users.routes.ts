import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../app.js';
import { requireUser } from '../../platform/auth/plugin.js';
import { ZIdParams } from '../../platform/schemas.js';
import {
  ZResetPassword,
  ZUser,
  ZUserCreate,
  ZUserList,
  ZUserListQuery,
  ZUserUpdate,
} from './users.schemas.js';
import * as svc from './users.service.js';

const tags = ['users'];

export const userRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    app.get(
      '/api/v1/users',
      { schema: { tags, querystring: ZUserListQuery, response: { 200: ZUserList } } },
      async (req) => svc.listUsers(db, requireUser(req), req.query),
    );
    app.post(
      '/api/v1/users',
      { schema: { tags, body: ZUserCreate, response: { 201: ZUser } } },
      async (req, reply) => reply.status(201).send(await svc.createUser(db, requireUser(req), req.body)),
    );
    app.patch(
      '/api/v1/users/:id',
      { schema: { tags, params: ZIdParams, body: ZUserUpdate, response: { 200: ZUser } } },
      async (req) => svc.updateUser(db, requireUser(req), req.params.id, req.body),
    );
    app.post(
      '/api/v1/users/:id/reset-password',
      { schema: { tags, params: ZIdParams, body: ZResetPassword, response: { 200: ZUser } } },
      async (req) => svc.resetPassword(db, requireUser(req), req.params.id, req.body.password),
    );
    app.post(
      '/api/v1/users/:id/unlock',
      { schema: { tags, params: ZIdParams, response: { 200: ZUser } } },
      async (req) => svc.unlockUser(db, requireUser(req), req.params.id),
    );
  };
