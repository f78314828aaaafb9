import type {} from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, notFound } from './errors.js';
import { attachmentHeader } from './xlsx.js';

/** Uploaded files (problem evidence, pictures of opinions): type from content, one way to read and to send. */

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

/** The picture types the public side accepts, recognised from the first bytes only: JPEG, PNG and WebP. */
export function sniffImage(buf: Buffer): 'image/jpeg' | 'image/png' | 'image/webp' | undefined {
  const type = sniffContentType(buf);
  if (type === 'image/jpeg' || type === 'image/png') return type;
  if (buf.length >= 12 && buf.toString('latin1', 0, 4) === 'RIFF' && buf.toString('latin1', 8, 12) === 'WEBP')
    return 'image/webp';
  return undefined;
}

/** The one file in multipart field `field`, read whole (the multipart plugin's size limit still applies). */
export async function readUpload(
  req: FastifyRequest,
  field = 'file',
  missing = '请选择要上传的文件',
): Promise<{ fileName: string; data: Buffer }> {
  const bad = () => new AppError('VALIDATION', 400, {}, [{ field, message: missing }]);
  if (!req.isMultipart()) throw bad();
  const part = await req.file();
  if (!part || part.fieldname !== field) throw bad();
  return { fileName: part.filename, data: await part.toBuffer() };
}

/** An ASCII fallback download name: the stem plus the original name's extension, if it has a plain one. */
export function asciiNameFor(fileName: string, stem: string): string {
  const ext = fileName.includes('.') ? fileName.slice(fileName.lastIndexOf('.')) : '';
  return `${stem}${ext.replace(/[^.\w]/g, '')}`;
}

/** Sends a stored file as a download the browser will not sniff, run or cache publicly. */
export function sendAttachment(
  reply: FastifyReply,
  file: { fileName: string; asciiName: string; contentType: string; data: Buffer },
) {
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', attachmentHeader(file.fileName, file.asciiName))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(file.data);
}

/** The schema parts of a route that takes one document (a record's single file, replaced by a new upload). */
export const documentUpload = {
  consumes: ['multipart/form-data'],
  description: 'multipart field `file`: PDF, PNG, JPEG, docx, xlsx or plain text, at most 10 MB',
  response: { 200: z.object({ id: z.number(), fileName: z.string(), version: z.number() }) },
};

/** Sends a record's stored document, or 404 when it has none; `stem` names the ASCII fallback file name. */
export function sendDocument(
  reply: FastifyReply,
  row: { fileName: string | null; contentType: string | null; data: Buffer | null } | undefined,
  stem: string,
) {
  if (!row?.fileName || !row.contentType || !row.data) throw notFound();
  return sendAttachment(reply, {
    fileName: row.fileName,
    asciiName: asciiNameFor(row.fileName, stem),
    contentType: row.contentType,
    data: row.data,
  });
}
