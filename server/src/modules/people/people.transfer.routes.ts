import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../app.js';
import { requireUser } from '../../platform/auth/plugin.js';
import { ZId } from '../../platform/schemas.js';
import {
  dateStamp,
  sendImportInvalid,
  sendXlsx,
  uploadedXlsx,
  ZImportFailure,
  ZImportResult,
} from '../../platform/xlsx.js';
import { importPeople, preparePeopleExport, previewPeople, writePeopleExport } from './people.transfer.js';

const tags = ['people'];
const upload = {
  tags,
  consumes: ['multipart/form-data'],
  description:
    'multipart field `file`: an .xlsx with 姓名, 性别, 所在单位, 政治面貌 (职务, 联系电话 optional)',
  response: { 200: ZImportResult, 400: ZImportFailure },
};

/** Excel import (preview, then all-or-nothing) and streaming export of people. */
export const peopleTransferRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    app.post('/api/v1/people/import/preview', { schema: upload }, async (req) => {
      const ctx = requireUser(req);
      return previewPeople(db, ctx, await uploadedXlsx(req));
    });
    app.post('/api/v1/people/import', { schema: upload }, async (req, reply) => {
      const ctx = requireUser(req);
      const result = await importPeople(db, ctx, await uploadedXlsx(req));
      return result.ok ? result : sendImportInvalid(reply, req, ctx.locale, result);
    });
    app.get(
      '/api/v1/people/export',
      { schema: { tags, querystring: z.object({ orgId: ZId.optional() }) } },
      async (req, reply) => {
        const ctx = requireUser(req);
        const orgPath = await preparePeopleExport(db, ctx, req.query.orgId);
        const stamp = dateStamp();
        return sendXlsx(
          reply,
          req,
          { fileName: `人员信息_${stamp}.xlsx`, asciiName: `people_${stamp}.xlsx` },
          (out) => writePeopleExport(db, ctx, out, orgPath),
        );
      },
    );
  };
