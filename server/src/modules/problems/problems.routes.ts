import type {} from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../app.js';
import { requireUser } from '../../platform/auth/plugin.js';
import { ZIdParams } from '../../platform/schemas.js';
import { asciiNameFor, readUpload, sendAttachment } from '../../platform/files.js';
import { addFile, readFile } from './problems.files.js';
import { addMeasure, updateMeasure } from './problems.measures.js';
import { rollup } from './problems.rollup.js';
import {
  ZMeasureInput,
  ZMeasureUpdate,
  ZProblemCreate,
  ZProblemDetail,
  ZProblemList,
  ZProblemListQuery,
  ZProblemUpdate,
  ZRollup,
  ZRollupQuery,
  ZTransition,
} from './problems.schemas.js';
import * as svc from './problems.service.js';

const tags = ['problems'];

export const problemRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    app.get(
      '/api/v1/problems',
      { schema: { tags, querystring: ZProblemListQuery, response: { 200: ZProblemList } } },
      async (req) => svc.listProblems(db, requireUser(req), req.query),
    );
    app.post(
      '/api/v1/problems',
      { schema: { tags, body: ZProblemCreate, response: { 201: ZProblemDetail } } },
      async (req, reply) => reply.status(201).send(await svc.createProblem(db, requireUser(req), req.body)),
    );
    app.get(
      '/api/v1/problems/rollup',
      { schema: { tags, querystring: ZRollupQuery, response: { 200: ZRollup } } },
      async (req) => rollup(db, requireUser(req), req.query),
    );
    app.get(
      '/api/v1/problems/:id',
      { schema: { tags, params: ZIdParams, response: { 200: ZProblemDetail } } },
      async (req) => svc.getProblem(db, requireUser(req), req.params.id),
    );
    app.patch(
      '/api/v1/problems/:id',
      { schema: { tags, params: ZIdParams, body: ZProblemUpdate, response: { 200: ZProblemDetail } } },
      async (req) => svc.updateProblem(db, requireUser(req), req.params.id, req.body),
    );
    app.post(
      '/api/v1/problems/:id/transitions',
      { schema: { tags, params: ZIdParams, body: ZTransition, response: { 200: ZProblemDetail } } },
      async (req) => svc.transition(db, requireUser(req), req.params.id, req.body),
    );
    app.post(
      '/api/v1/problems/:id/measures',
      { schema: { tags, params: ZIdParams, body: ZMeasureInput, response: { 201: ZProblemDetail } } },
      async (req, reply) =>
        reply.status(201).send(await addMeasure(db, requireUser(req), req.params.id, req.body)),
    );
    app.patch(
      '/api/v1/problem-measures/:id',
      { schema: { tags, params: ZIdParams, body: ZMeasureUpdate, response: { 200: ZProblemDetail } } },
      async (req) => updateMeasure(db, requireUser(req), req.params.id, req.body),
    );
    app.post(
      '/api/v1/problems/:id/files',
      {
        schema: {
          tags,
          params: ZIdParams,
          consumes: ['multipart/form-data'],
          description: 'multipart field `file`: PDF, PNG, JPEG, docx, xlsx or plain text, at most 10 MB',
          response: {
            201: z.object({
              id: z.number(),
              fileName: z.string(),
              contentType: z.string(),
              size: z.number(),
              sha256: z.string(),
            }),
          },
        },
      },
      async (req, reply) => {
        const ctx = requireUser(req);
        // Scope and edit rights first, so a caller outside learns nothing from the upload's fate.
        await db.transaction((tx) => svc.prepareEdit(tx, ctx, req.params.id));
        const { fileName, data } = await readUpload(req);
        const saved = await addFile(db, ctx, req.params.id, { name: fileName, data });
        return reply.status(201).send(saved);
      },
    );
    app.get(
      '/api/v1/problem-files/:id',
      { schema: { tags, params: ZIdParams, description: 'downloads an evidence file as an attachment' } },
      async (req, reply) => {
        const file = await readFile(db, requireUser(req), req.params.id);
        return sendAttachment(reply, {
          fileName: file.fileName,
          asciiName: asciiNameFor(file.fileName, `evidence-${req.params.id}`),
          contentType: file.contentType,
          data: file.data,
        });
      },
    );
  };
