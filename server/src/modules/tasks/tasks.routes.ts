import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../app.js';
import { requireAny } from '../../platform/access/access.js';
import { requireUser } from '../../platform/auth/plugin.js';
import { listOf, ZId, ZIdParams } from '../../platform/schemas.js';
import * as asg from './assignments.service.js';
import {
  ZAssignment,
  ZAssignmentDetail,
  ZAssignmentList,
  ZAssignmentListQuery,
  ZHome,
  ZComplete,
  ZDecompose,
  ZExtensionDecide,
  ZExtensionRequest,
  ZReportBody,
  ZReview,
  ZTask,
  ZTaskCreate,
  ZTaskListQuery,
  ZTreeNode,
  ZTreeQuery,
  ZVersionBody,
} from './tasks.schemas.js';
import * as svc from './tasks.service.js';
import { home } from './tasks.home.js';

const tags = ['tasks'];

export const taskRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    app.get(
      '/api/v1/home',
      {
        schema: {
          tags: ['home'],
          querystring: z.object({ campaignId: ZId.optional() }),
          response: { 200: ZHome },
        },
      },
      async (req) => home(db, requireUser(req), req.query.campaignId),
    );
    app.get(
      '/api/v1/tasks',
      { schema: { tags, querystring: ZTaskListQuery, response: { 200: listOf(ZTask) } } },
      async (req) => {
        const ctx = requireUser(req);
        requireAny(ctx.actor, 'task.read');
        return svc.listTasks(db, ctx, req.query);
      },
    );
    app.post(
      '/api/v1/tasks',
      { schema: { tags, body: ZTaskCreate, response: { 201: ZTask } } },
      async (req, reply) => reply.status(201).send(await svc.createTask(db, requireUser(req), req.body)),
    );
    app.get(
      '/api/v1/tasks/:id',
      { schema: { tags, params: ZIdParams, response: { 200: ZTask } } },
      async (req) => svc.getTask(db, requireUser(req), req.params.id),
    );
    app.get(
      '/api/v1/tasks/:id/tree',
      { schema: { tags, params: ZIdParams, querystring: ZTreeQuery, response: { 200: z.array(ZTreeNode) } } },
      async (req) => svc.taskTree(db, requireUser(req), req.params.id, req.query.parentId),
    );
    app.get(
      '/api/v1/assignments',
      { schema: { tags, querystring: ZAssignmentListQuery, response: { 200: ZAssignmentList } } },
      async (req) => {
        const ctx = requireUser(req);
        requireAny(ctx.actor, 'task.read');
        return asg.listAssignments(db, ctx, req.query);
      },
    );
    app.get(
      '/api/v1/assignments/:id',
      { schema: { tags, params: ZIdParams, response: { 200: ZAssignmentDetail } } },
      async (req) => asg.getAssignment(db, requireUser(req), req.params.id),
    );
    const action = <B extends z.ZodType>(
      name: string,
      body: B,
      run: (
        ctx: ReturnType<typeof requireUser>,
        id: number,
        b: z.infer<B>,
      ) => Promise<z.infer<typeof ZAssignment>>,
    ) =>
      app.post(
        `/api/v1/assignments/:id/${name}`,
        { schema: { tags, params: ZIdParams, body, response: { 200: ZAssignment } } },
        async (req) => run(requireUser(req), req.params.id, req.body as z.infer<B>),
      );
    action('acknowledge', ZVersionBody, (ctx, id, b) => asg.acknowledge(db, ctx, id, b));
    action('decompose', ZDecompose, (ctx, id, b) => asg.decompose(db, ctx, id, b));
    action('report', ZReportBody, (ctx, id, b) => asg.report(db, ctx, id, b));
    action('complete', ZComplete, (ctx, id, b) => asg.complete(db, ctx, id, b));
    action('review', ZReview, (ctx, id, b) => asg.review(db, ctx, id, b));
    action('request_extension', ZExtensionRequest, (ctx, id, b) => asg.requestExtension(db, ctx, id, b));
    app.post(
      '/api/v1/extension-requests/:id/decide',
      { schema: { tags, params: ZIdParams, body: ZExtensionDecide, response: { 200: ZAssignmentDetail } } },
      async (req) => asg.decideExtension(db, requireUser(req), req.params.id, req.body),
    );
  };
