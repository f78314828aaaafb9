import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../app.js';
import { requireAny } from '../../platform/access/access.js';
import { requireUser } from '../../platform/auth/plugin.js';
import { ZIdParams } from '../../platform/schemas.js';
import {
  ZAttendance,
  ZDecisionCreate,
  ZMeetingCreate,
  ZMeetingDetail,
  ZMeetingList,
  ZMeetingListQuery,
  ZMeetingUpdate,
} from './meetings.schemas.js';
import * as svc from './meetings.service.js';

const tags = ['meetings'];

export const meetingRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    app.get(
      '/api/v1/meetings',
      { schema: { tags, querystring: ZMeetingListQuery, response: { 200: ZMeetingList } } },
      async (req) => {
        const ctx = requireUser(req);
        requireAny(ctx.actor, 'meeting.read');
        return svc.listMeetings(db, ctx, req.query);
      },
    );
    app.post(
      '/api/v1/meetings',
      { schema: { tags, body: ZMeetingCreate, response: { 201: ZMeetingDetail } } },
      async (req, reply) => reply.status(201).send(await svc.createMeeting(db, requireUser(req), req.body)),
    );
    app.get(
      '/api/v1/meetings/:id',
      { schema: { tags, params: ZIdParams, response: { 200: ZMeetingDetail } } },
      async (req) => svc.getMeeting(db, requireUser(req), req.params.id),
    );
    app.patch(
      '/api/v1/meetings/:id',
      { schema: { tags, params: ZIdParams, body: ZMeetingUpdate, response: { 200: ZMeetingDetail } } },
      async (req) => svc.updateMeeting(db, requireUser(req), req.params.id, req.body),
    );
    app.post(
      '/api/v1/meetings/:id/decisions',
      { schema: { tags, params: ZIdParams, body: ZDecisionCreate, response: { 200: ZMeetingDetail } } },
      async (req) => svc.addDecision(db, requireUser(req), req.params.id, req.body),
    );
    app.post(
      '/api/v1/meeting-venues/:id/attendance',
      { schema: { tags, params: ZIdParams, body: ZAttendance, response: { 200: ZMeetingDetail } } },
      async (req) => svc.recordAttendance(db, requireUser(req), req.params.id, req.body),
    );
  };
