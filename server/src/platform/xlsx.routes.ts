import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Writable } from 'node:stream';
import { z } from 'zod';
import type { Db, Executor } from '../db/client.js';
import { requireUser } from './auth/plugin.js';
import type { Ctx } from './context.js';
import { ZId } from './schemas.js';
import {
  dateStamp,
  sendImportInvalid,
  sendXlsx,
  uploadedXlsx,
  ZImportFailure,
  ZImportResult,
  type TImportResult,
} from './xlsx.js';

/** One sheet a module moves in and out of Excel: preview, all-or-nothing import, streamed export. */
export interface XlsxTransfer<P> {
  /** e.g. /api/v1/orgs: routes are {base}/import/preview, {base}/import and {base}/export */
  base: string;
  tag: string;
  columnsHelp: string;
  /** the export's query parameter naming the org whose subtree is exported */
  queryKey: string;
  preview(db: Executor, ctx: Ctx, file: Buffer): Promise<TImportResult>;
  commit(db: Db, ctx: Ctx, file: Buffer): Promise<TImportResult>;
  prepareExport(db: Executor, ctx: Ctx, orgId?: number): Promise<P>;
  writeExport(db: Executor, ctx: Ctx, out: Writable, prepared: P): Promise<void>;
  fileName: string;
  asciiName: string;
}

export const xlsxTransferRoutes =
  <P>(db: Db, t: XlsxTransfer<P>): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = [t.tag];
    const upload = {
      tags,
      consumes: ['multipart/form-data'],
      description: `multipart field \`file\`: an .xlsx with ${t.columnsHelp}`,
      response: { 200: ZImportResult, 400: ZImportFailure },
    };
    app.post(`${t.base}/import/preview`, { schema: upload }, async (req) => {
      const ctx = requireUser(req);
      return t.preview(db, ctx, await uploadedXlsx(req));
    });
    app.post(`${t.base}/import`, { schema: upload }, async (req, reply) => {
      const ctx = requireUser(req);
      const result = await t.commit(db, ctx, await uploadedXlsx(req));
      return result.ok ? result : sendImportInvalid(reply, req, ctx.locale, result);
    });
    app.get(
      `${t.base}/export`,
      { schema: { tags, querystring: z.object({ [t.queryKey]: ZId.optional() }) } },
      async (req, reply) => {
        const ctx = requireUser(req);
        const query = req.query as Record<string, number | undefined>;
        const prepared = await t.prepareExport(db, ctx, query[t.queryKey]);
        const stamp = dateStamp();
        return sendXlsx(
          reply,
          req,
          { fileName: `${t.fileName}_${stamp}.xlsx`, asciiName: `${t.asciiName}_${stamp}.xlsx` },
          (out) => t.writeExport(db, ctx, out, prepared),
        );
      },
    );
  };
