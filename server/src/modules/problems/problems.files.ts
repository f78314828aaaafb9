import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { scopeSql } from '../../platform/access/access.js';
import { recordAudit } from '../../platform/audit/audit.js';
import type { Ctx } from '../../platform/context.js';
import { cleanFileName, sniffContentType } from '../../platform/files.js';
import { AppError, notFound } from '../../platform/errors.js';
import { orgs } from '../orgs/orgs.table.js';
import { addEvent } from './problems.repo.js';
import { prepareEdit } from './problems.service.js';
import { problemFiles, problems } from './problems.table.js';
import { refreshLedgerRows } from './problems.ledger-rows.js';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** The content type of an uploaded file within the size limit, or a 413/400 naming the field. */
export function acceptedType(data: Buffer): string {
  if (data.length > MAX_FILE_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', 413);
  const contentType = sniffContentType(data);
  if (!contentType)
    throw new AppError('FILE_TYPE', 400, {}, [{ field: 'file', message: '不支持的文件类型' }]);
  return contentType;
}

export async function addFile(db: Db, ctx: Ctx, problemId: number, file: { name: string; data: Buffer }) {
  const contentType = acceptedType(file.data);
  const sha256 = createHash('sha256').update(file.data).digest('hex');
  return db.transaction(async (tx) => {
    const p = await prepareEdit(tx, ctx, problemId);
    const [row] = await tx
      .insert(problemFiles)
      .values({
        problemId,
        fileName: cleanFileName(file.name),
        contentType,
        size: file.data.length,
        sha256,
        data: file.data,
        uploadedBy: ctx.actor.userId || null,
        uploadedByName: ctx.actor.displayName,
      })
      .returning({ id: problemFiles.id, fileName: problemFiles.fileName });
    await tx
      .update(problems)
      .set({ lastProgressAt: new Date(), updatedAt: new Date() })
      .where(eq(problems.id, problemId));
    await addEvent(tx, {
      problemId,
      actorId: ctx.actor.userId,
      actorName: ctx.actor.displayName,
      action: 'file',
      comment: row.fileName,
    });
    await recordAudit(tx, ctx, {
      action: 'problem.file',
      entityType: 'problem',
      entityId: problemId,
      orgId: p.orgId,
      after: { fileId: row.id, fileName: row.fileName, size: file.data.length, sha256, contentType },
    });
    await refreshLedgerRows(tx, [problemId]);
    return { id: row.id, fileName: row.fileName, contentType, size: file.data.length, sha256 };
  });
}

/** A file whose problem lies in the caller's read scope, or 404. */
export async function readFile(db: Db, ctx: Ctx, fileId: number) {
  const [row] = await db
    .select({
      fileName: problemFiles.fileName,
      contentType: problemFiles.contentType,
      data: problemFiles.data,
      size: sql<number>`${problemFiles.size}`,
    })
    .from(problemFiles)
    .innerJoin(problems, eq(problems.id, problemFiles.problemId))
    .innerJoin(orgs, eq(orgs.id, problems.orgId))
    .where(and(eq(problemFiles.id, fileId), scopeSql(ctx.actor, 'problem.read', orgs.path)));
  if (!row) throw notFound();
  return row;
}
