import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../app.js';
import { requireUser } from '../../platform/auth/plugin.js';
import { ZId, ZIdParams } from '../../platform/schemas.js';
import {
  ZAnswerReturn,
  ZAnswersSave,
  ZChecklist,
  ZChecklistView,
  ZRoundCreate,
  ZRoundDetail,
  ZRoundList,
} from './inspections.schemas.js';
import { inspectionProgress } from './inspections.progress.js';
import * as svc from './inspections.service.js';

const tags = ['inspections'];

/** 检视: checklists, inspection rounds and answers. */
export const inspectionRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    app.get(
      '/api/v1/inspection-rounds',
      {
        schema: {
          tags,
          querystring: z.object({ campaignId: ZId.optional(), orgId: ZId.optional() }),
          response: { 200: ZRoundList },
        },
      },
      async (req) => svc.listRounds(db, requireUser(req), req.query),
    );
    app.get(
      '/api/v1/inspection-rounds/progress',
      {
        schema: {
          tags,
          querystring: z.object({ orgId: ZId.optional(), campaignId: ZId.optional() }),
          response: {
            200: z.object({
              org: z.object({ id: z.number(), name: z.string() }),
              rows: z.array(
                z.object({
                  orgId: z.number(),
                  orgName: z.string(),
                  rounds: z.number(),
                  participants: z.number(),
                  submitted: z.number(),
                }),
              ),
            }),
          },
        },
      },
      async (req) => inspectionProgress(db, requireUser(req), req.query),
    );
    app.post(
      '/api/v1/inspection-rounds',
      { schema: { tags, body: ZRoundCreate, response: { 201: ZRoundDetail } } },
      async (req, reply) => reply.status(201).send(await svc.createRound(db, requireUser(req), req.body)),
    );
    app.get(
      '/api/v1/inspection-rounds/:id',
      { schema: { tags, params: ZIdParams, response: { 200: ZRoundDetail } } },
      async (req) => svc.getRound(db, requireUser(req), req.params.id),
    );
    app.post(
      '/api/v1/inspection-rounds/:id/answers',
      { schema: { tags, params: ZIdParams, body: ZAnswersSave, response: { 200: ZRoundDetail } } },
      async (req) => svc.saveAnswers(db, requireUser(req), req.params.id, req.body),
    );
    app.post(
      '/api/v1/inspection-answers/:id/return',
      { schema: { tags, params: ZIdParams, body: ZAnswerReturn, response: { 200: ZRoundDetail } } },
      async (req) => svc.returnAnswer(db, requireUser(req), req.params.id, req.body.comment),
    );
    app.get(
      '/api/v1/campaigns/:id/checklist',
      { schema: { tags, params: ZIdParams, response: { 200: ZChecklistView } } },
      async (req) => svc.getChecklist(db, requireUser(req), req.params.id),
    );
    app.put(
      '/api/v1/campaigns/:id/checklist',
      { schema: { tags, params: ZIdParams, body: ZChecklist, response: { 200: ZChecklistView } } },
      async (req) => svc.putChecklist(db, requireUser(req), req.params.id, req.body),
    );
  };
