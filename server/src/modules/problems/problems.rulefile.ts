import { and, eq, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../app.js';
import { requireAt, scopeSql } from '../../platform/access/access.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { requireUser } from '../../platform/auth/plugin.js';
import { notFound } from '../../platform/errors.js';
import { ZIdParams } from '../../platform/schemas.js';
import { orgs } from '../orgs/orgs.table.js';
import { cleanFileName, documentUpload, readUpload, sendDocument } from '../../platform/files.js';
import { acceptedType } from './problems.files.js';
import { rules } from './problems.table.js';

/** 建章立制 as a file: the rule's document (PDF, Word, image or text), one per rule, replaced by a new upload. */
export const ruleFileRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    const tags = ['rules'];
    const visible = (ctx: ReturnType<typeof requireUser>, id: number) =>
      and(eq(rules.id, id), scopeSql(ctx.actor, 'problem.read', orgs.path));
    app.post(
      '/api/v1/rules/:id/file',
      {
        schema: { tags, params: ZIdParams, ...documentUpload },
      },
      async (req) => {
        const ctx = requireUser(req);
        const id = req.params.id;
        // Scope and edit rights first, so a caller outside learns nothing from the upload's fate.
        const [rule] = await db
          .select({ orgId: rules.orgId, path: orgs.path })
          .from(rules)
          .innerJoin(orgs, eq(orgs.id, rules.orgId))
          .where(visible(ctx, id));
        if (!rule) throw notFound();
        requireAt(ctx.actor, 'problem.write', rule.path);
        const file = await readUpload(req);
        const fileType = acceptedType(file.data);
        const fileName = cleanFileName(file.fileName);
        return db.transaction(async (tx) => {
          const [row] = await tx
            .update(rules)
            .set({
              fileName,
              fileType,
              fileData: file.data,
              version: sql`${rules.version} + 1`,
              updatedAt: new Date(),
            })
            .where(eq(rules.id, id))
            .returning({ version: rules.version });
          await recordAudit(tx, ctx, {
            action: 'rule.file',
            entityType: 'rule',
            entityId: id,
            orgId: rule.orgId,
            after: { fileName, size: file.data.length, contentType: fileType },
          });
          return { id, fileName, version: row.version };
        });
      },
    );
    app.get(
      '/api/v1/rules/:id/file',
      { schema: { tags, params: ZIdParams, description: "downloads the rule's document as an attachment" } },
      async (req, reply) => {
        const ctx = requireUser(req);
        const [row] = await db
          .select({ fileName: rules.fileName, contentType: rules.fileType, data: rules.fileData })
          .from(rules)
          .innerJoin(orgs, eq(orgs.id, rules.orgId))
          .where(visible(ctx, req.params.id));
        return sendDocument(reply, row, `rule-${req.params.id}`);
      },
    );
  };
