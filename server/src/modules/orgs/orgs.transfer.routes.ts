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
import { importOrgs, prepareOrgExport, previewOrgs, writeOrgsExport } from './orgs.transfer.js';

const tags = ['orgs'];
const upload = {
  tags,
  consumes: ['multipart/form-data'],
  description:
    'multipart field `file`: an .xlsx with 单位名称, 上级单位, 单位类型 (简称, 分类, 排序号 optional)',
  response: { 200: ZImportResult, 400: ZImportFailure },
};

/** Excel import (preview, then all-or-nothing) and streaming export of the org tree. */
export const orgTransferRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    app.post('/api/v1/orgs/import/preview', { schema: upload }, async (req) => {
      const ctx = requireUser(req);
      return previewOrgs(db, ctx, await uploadedXlsx(req));
    });
    app.post('/api/v1/orgs/import', { schema: upload }, async (req, reply) => {
      const ctx = requireUser(req);
      const result = await importOrgs(db, ctx, await uploadedXlsx(req));
      return result.ok ? result : sendImportInvalid(reply, req, ctx.locale, result);
    });
    app.get(
      '/api/v1/orgs/export',
      { schema: { tags, querystring: z.object({ rootId: ZId.optional() }) } },
      async (req, reply) => {
        const ctx = requireUser(req);
        const rootPath = await prepareOrgExport(db, ctx, req.query.rootId);
        const stamp = dateStamp();
        return sendXlsx(
          reply,
          req,
          { fileName: `组织机构_${stamp}.xlsx`, asciiName: `orgs_${stamp}.xlsx` },
          (out) => writeOrgsExport(db, ctx, out, rootPath),
        );
      },
    );
  };
