import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../app.js';
import { requireUser } from '../../platform/auth/plugin.js';
import { sendAttachment } from '../../platform/files.js';
import { ZIdParams } from '../../platform/schemas.js';
import { registerReminderSubject } from '../reminders/reminders.service.js';
import { setFlag, toProblem } from './opinions.flags.js';
import { opinionAnswerSubject, opinionSignSubject } from './opinions.reminders.js';
import {
  ZAnswer,
  ZClose,
  ZDispatch,
  ZFlag,
  ZOpinionDetail,
  ZOpinionList,
  ZOpinionListQuery,
  ZReturn,
  ZStatsQuery,
  ZToProblem,
  ZUnitStats,
  ZVersionOnly,
} from './opinions.schemas.js';
import * as svc from './opinions.service.js';
import { staffStats } from './opinions.stats.js';
import { z } from 'zod';

const tags = ['opinions'];
const detail = { 200: ZOpinionDetail };

export const opinionRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    registerReminderSubject(opinionSignSubject);
    registerReminderSubject(opinionAnswerSubject);
    app.get(
      '/api/v1/opinions',
      { schema: { tags, querystring: ZOpinionListQuery, response: { 200: ZOpinionList } } },
      async (req) => svc.listOpinions(db, requireUser(req), req.query),
    );
    app.get('/api/v1/opinions/:id', { schema: { tags, params: ZIdParams, response: detail } }, async (req) =>
      svc.getOpinion(db, requireUser(req), req.params.id),
    );
    app.post(
      '/api/v1/opinions/:id/dispatch',
      { schema: { tags, params: ZIdParams, body: ZDispatch, response: detail } },
      async (req) => svc.dispatchOpinion(db, requireUser(req), req.params.id, req.body),
    );
    app.post(
      '/api/v1/opinions/:id/sign',
      { schema: { tags, params: ZIdParams, body: ZVersionOnly, response: detail } },
      async (req) => svc.signOpinion(db, requireUser(req), req.params.id, req.body.version),
    );
    app.post(
      '/api/v1/opinions/:id/return',
      { schema: { tags, params: ZIdParams, body: ZReturn, response: detail } },
      async (req) => svc.returnOpinion(db, requireUser(req), req.params.id, req.body),
    );
    app.post(
      '/api/v1/opinions/:id/answer',
      { schema: { tags, params: ZIdParams, body: ZAnswer, response: detail } },
      async (req) => svc.answerOpinion(db, requireUser(req), req.params.id, req.body),
    );
    app.post(
      '/api/v1/opinions/:id/close',
      { schema: { tags, params: ZIdParams, body: ZClose, response: detail } },
      async (req) => svc.closeOpinion(db, requireUser(req), req.params.id, req.body),
    );
    for (const flag of ['publish', 'unreasonable', 'hide'] as const) {
      app.post(
        `/api/v1/opinions/:id/${flag}`,
        { schema: { tags, params: ZIdParams, body: ZFlag, response: detail } },
        async (req) => setFlag(db, requireUser(req), req.params.id, flag, req.body),
      );
    }
    app.post(
      '/api/v1/opinions/:id/to-problem',
      { schema: { tags, params: ZIdParams, body: ZToProblem, response: detail } },
      async (req) => toProblem(db, requireUser(req), req.params.id, req.body),
    );
    app.get('/api/v1/opinion-files/:id', { schema: { tags, params: ZIdParams } }, async (req, reply) => {
      const f = await svc.opinionPicture(db, requireUser(req), req.params.id);
      const ext = f.mime.slice('image/'.length).replace('jpeg', 'jpg');
      const fileName = `opinion-picture-${req.params.id}.${ext}`;
      return sendAttachment(reply, { fileName, asciiName: fileName, contentType: f.mime, data: f.data });
    });
    app.get(
      '/api/v1/opinion-stats',
      { schema: { tags, querystring: ZStatsQuery, response: { 200: z.array(ZUnitStats) } } },
      async (req) =>
        staffStats(
          deps.database.read,
          requireUser(req),
          req.query.parentId,
          deps.config.publicSide.toleranceHours,
        ),
    );
  };
