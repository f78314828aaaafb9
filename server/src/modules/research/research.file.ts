import { eq, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../app.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { requireUser } from '../../platform/auth/plugin.js';
import { cleanFileName, documentUpload, readUpload, sendDocument } from '../../platform/files.js';
import { ZIdParams } from '../../platform/schemas.js';
import { acceptedType } from '../problems/problems.files.js';
import { canAddFinding } from './research.machine.js';
import { findTopic, prepareTopic, stateError } from './research.service.js';
import { researchTopics } from './research.table.js';

/** The research report as a document, one per topic, replaced by a new upload until the topic is converted. */
export const researchFileRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    const tags = ['research'];
    app.post(
      '/api/v1/research-topics/:id/report-file',
      {
        schema: { tags, params: ZIdParams, ...documentUpload },
      },
      async (req) => {
        const ctx = requireUser(req);
        const id = req.params.id;
        // Scope, rights and state first, so a caller outside learns nothing from the upload's fate.
        const topic = await prepareTopic(db, ctx, id);
        if (!canAddFinding(topic.status)) throw stateError(topic.status, '上传调研报告');
        const upload = await readUpload(req);
        const type = acceptedType(upload.data);
        const name = cleanFileName(upload.fileName);
        return db.transaction(async (tx) => {
          const [row] = await tx
            .update(researchTopics)
            .set({
              reportFileName: name,
              reportFileType: type,
              reportFileData: upload.data,
              version: sql`${researchTopics.version} + 1`,
              updatedAt: new Date(),
            })
            .where(eq(researchTopics.id, id))
            .returning({ version: researchTopics.version });
          await recordAudit(tx, ctx, {
            action: 'research.report_file',
            entityType: 'research_topic',
            entityId: id,
            orgId: Number(topic.org_id),
            after: { fileName: name, size: upload.data.length, contentType: type },
          });
          return { id, fileName: name, version: row.version };
        });
      },
    );
    app.get(
      '/api/v1/research-topics/:id/report-file',
      { schema: { tags, params: ZIdParams, description: 'downloads the research report as an attachment' } },
      async (req, reply) => {
        const ctx = requireUser(req);
        await findTopic(db, ctx, req.params.id);
        const [row] = await db
          .select({
            fileName: researchTopics.reportFileName,
            contentType: researchTopics.reportFileType,
            data: researchTopics.reportFileData,
          })
          .from(researchTopics)
          .where(eq(researchTopics.id, req.params.id));
        return sendDocument(reply, row, `research-${req.params.id}`);
      },
    );
  };
