import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type {} from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.js';
import { scopeSql } from '../../platform/access/access.js';
import { recordAudit } from '../../platform/audit/audit.js';
import type { Ctx } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { attachmentHeader } from '../../platform/xlsx.js';
import { orgs } from '../orgs/orgs.table.js';
import { addEvent } from './problems.repo.js';
import { prepareEdit } from './problems.service.js';
import { problemFiles, problems } from './problems.table.js';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;

const startsWith = (buf: Buffer, bytes: number[]) => bytes.every((b, i) => buf[i] === b);

/**
 * The content type from the file's first bytes, never from its name or the browser's claim: PDF, PNG, JPEG,
 * docx/xlsx (zip with word/ or xl/ parts) and UTF-8 plain text. Anything else is refused.
 */
export function sniffContentType(buf: Buffer): string | undefined {
  if (buf.length === 0) return undefined;
  if (startsWith(buf, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  if (startsWith(buf, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(buf, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(buf, [0x50, 0x4b, 0x03, 0x04])) {
    const names = buf.subarray(0, Math.min(buf.length, 64 * 1024)).toString('latin1');
    if (names.includes('word/'))
      return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    if (names.includes('xl/')) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    return undefined;
  }
  const text = buf.toString('utf8');
  if (text.includes('\uFFFD')) return undefined;
  if (hasBinaryControl(text)) return undefined;
  return 'text/plain; charset=utf-8';
}

/** Control characters other than tab, newline and carriage return mean a binary file. */
function hasBinaryControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return true;
  }
  return false;
}

const stripControls = (s: string) =>
  [...s].filter((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f && ch !== '"').join('');

/** A file name safe to store and to send back: no path, no control characters, at most 200 characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = stripControls(base).trim().slice(0, 200);
  return cleaned || '佐证材料';
}

/** The content type of an uploaded file within the size limit, or a 413/400 naming the field. */
export function acceptedType(data: Buffer): string {
  if (data.length > MAX_FILE_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', 413);
  const contentType = sniffContentType(data);
  if (!contentType)
    throw new AppError('FILE_TYPE', 400, {}, [{ field: 'file', message: '不支持的文件类型' }]);
  return contentType;
}

/** The multipart field `file` of an upload, or a 400 naming it. */
export async function uploadedFile(req: FastifyRequest): Promise<{ name: string; data: Buffer }> {
  const bad = () => new AppError('VALIDATION', 400, {}, [{ field: 'file', message: '请选择要上传的文件' }]);
  if (!req.isMultipart()) throw bad();
  const part = await req.file();
  if (!part || part.fieldname !== 'file') throw bad();
  return { name: part.filename, data: await part.toBuffer() };
}

/** Sends a stored file as a download that the browser never renders inline. */
export function sendAttachment(
  reply: FastifyReply,
  file: { fileName: string; contentType: string; data: Buffer },
  fallbackStem: string,
) {
  const ext = file.fileName.includes('.') ? file.fileName.slice(file.fileName.lastIndexOf('.')) : '';
  return reply
    .header('content-type', file.contentType)
    .header(
      'content-disposition',
      attachmentHeader(file.fileName, `${fallbackStem}${ext.replace(/[^.\w]/g, '')}`),
    )
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(file.data);
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
