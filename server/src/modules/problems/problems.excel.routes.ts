import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../app.js';
import { requireAny } from '../../platform/access/access.js';
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
import { importLedger, ledgerUnit, previewLedger, writeLedger } from './problems.excel.js';
import { ZProblemListQuery } from './problems.schemas.js';

const tags = ['problems'];
const upload = {
  tags,
  querystring: z.object({ campaignId: ZId.optional() }),
  consumes: ['multipart/form-data'],
  description:
    'multipart field `file`: an .xlsx 整改台账 with at least 问题表现, 责任单位, 整改时限 (header variants accepted)',
  response: { 200: ZImportResult, 400: ZImportFailure },
};

/** The 整改台账 in and out of Excel. */
export const problemExcelRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    app.get(
      '/api/v1/problems/export.xlsx',
      { schema: { tags, querystring: ZProblemListQuery.omit({ page: true, pageSize: true, sort: true }) } },
      async (req, reply) => {
        const ctx = requireUser(req);
        requireAny(ctx.actor, 'problem.read');
        const unit = await ledgerUnit(db, ctx, req.query.orgId);
        const stamp = dateStamp();
        return sendXlsx(
          reply,
          req,
          { fileName: `整改台账_${stamp}.xlsx`, asciiName: `ledger_${stamp}.xlsx` },
          (out) => writeLedger(db, ctx, out, req.query, unit),
        );
      },
    );
    app.post('/api/v1/problems/import/preview', { schema: upload }, async (req) => {
      const ctx = requireUser(req);
      requireAny(ctx.actor, 'problem.write');
      return previewLedger(db, ctx, await uploadedXlsx(req), req.query.campaignId);
    });
    app.post('/api/v1/problems/import', { schema: upload }, async (req, reply) => {
      const ctx = requireUser(req);
      requireAny(ctx.actor, 'problem.write');
      const result = await importLedger(db, ctx, await uploadedXlsx(req), req.query.campaignId);
      return result.ok ? result : sendImportInvalid(reply, req, ctx.locale, result);
    });
  };
