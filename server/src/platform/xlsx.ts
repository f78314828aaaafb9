import type {} from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fs from 'node:fs';
import { PassThrough, type Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { z } from 'zod';
import type { Db, Executor } from '../db/client.js';
import { AppError } from './errors.js';
import { ZError } from './http.js';
import { translate, type Locale } from './i18n.js';
import { columnName, XF, XlsxStreamWriter } from './xlsx-writer.js';
import { XlsxError, XlsxWorkbook } from './xlsx-reader.js';
import { HEADER_SCAN_ROWS, findTable, type SheetSpec, type SheetTable } from './xlsx-table.js';

export { normHeader, type SheetRow, type SheetSpec } from './xlsx-table.js';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** One problem in an uploaded sheet, located as the user sees it in Excel. */
export const ZImportError = z.object({ row: z.number(), column: z.string(), message: z.string() });
export type TImportError = z.infer<typeof ZImportError>;
export const ZImportResult = z.object({ ok: z.boolean(), count: z.number(), errors: z.array(ZImportError) });
export type TImportResult = z.infer<typeof ZImportResult>;
/** 400 body: an AppError, or IMPORT_INVALID carrying the same `errors` as the preview. */
export const ZImportFailure = ZError.extend({ errors: z.array(ZImportError).optional() });

export const fileInvalid = (reason: string) => new AppError('FILE_INVALID', 400, { reason });

/** .xlsx is a zip archive: an .xls, a CSV or a renamed document fails here, before any parsing. */
export function isXlsx(buf: Buffer): boolean {
  return buf.length > 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04;
}

/**
 * Reads the first sheet that has the required headers within its first rows (title rows above the header
 * are common), mapping columns by header name. Rows empty in every mapped column are skipped, so
 * pre-numbered template rows and notes in the 序号 column do not count.
 */
export async function readSheet(buf: Buffer, spec: SheetSpec): Promise<SheetTable> {
  if (!isXlsx(buf)) throw fileInvalid('请上传 Excel 2007 及以上格式（.xlsx）的文件');
  try {
    const book = new XlsxWorkbook(buf);
    for (let i = 0; i < book.sheets.length; i++) {
      const found = findTable(book.sheet(i), spec);
      if (found) return found;
    }
  } catch (err) {
    if (err instanceof XlsxError) throw fileInvalid(`不是有效的 .xlsx 文件（${err.message}）`);
    throw err;
  }
  throw fileInvalid(`未找到表头行（前${HEADER_SCAN_ROWS}行中应包含：${spec.required.join('、')}）`);
}

/** Builds a zh-CN error for one cell. */
export const cellError = (row: number, column: string, message: string): TImportError => ({
  row,
  column,
  message,
});

/** Errors in the order the user reads the sheet: by row, then by column. */
export const sortErrors = (errors: TImportError[], columns: readonly string[]) =>
  errors.sort((a, b) => a.row - b.row || columns.indexOf(a.column) - columns.indexOf(b.column));

class ImportRollback extends Error {
  constructor(readonly errors: TImportError[]) {
    super('import rolled back');
  }
}

/**
 * Validates inside one transaction and writes only when no row is bad. An AppError while writing a row (a
 * change made meanwhile) rolls everything back and is reported against that row.
 */
export async function importAllOrNothing<L extends { row: number }>(
  db: Db,
  plan: (tx: Executor) => Promise<{ count: number; errors: TImportError[]; lines: L[] }>,
  writeLine: (tx: Executor, line: L) => Promise<void>,
  column: string,
): Promise<TImportResult> {
  return importBatchAllOrNothing(db, plan, async (tx, lines) => {
    for (const line of lines) await atRow(line.row, column, () => writeLine(tx, line));
  });
}

/** Runs `write`; an AppError becomes the import's one error, against `row`, and rolls everything back. */
export async function atRow<T>(row: number, column: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    const reason = err.fields[0]?.message ?? translate(err.code, 'zh-CN', err.params);
    throw new ImportRollback([cellError(row, column, reason)]);
  }
}

/** importAllOrNothing with every valid line written by one call (set-based inserts); use atRow for errors. */
export async function importBatchAllOrNothing<L extends { row: number }>(
  db: Db,
  plan: (tx: Executor) => Promise<{ count: number; errors: TImportError[]; lines: L[] }>,
  write: (tx: Executor, lines: L[]) => Promise<void>,
): Promise<TImportResult> {
  let count = 0;
  try {
    return await db.transaction(async (tx) => {
      const p = await plan(tx);
      count = p.count;
      if (p.errors.length) return { ok: false, count, errors: p.errors };
      await write(tx, p.lines);
      return { ok: true, count: p.lines.length, errors: [] };
    });
  } catch (err) {
    if (err instanceof ImportRollback) return { ok: false, count, errors: err.errors };
    throw err;
  }
}

export interface SheetLayout {
  sheetName: string;
  title: string;
  columns: readonly { header: string; width: number }[];
  /** title row height in points (default 28) */
  titleHeight?: number;
  /** long text: the header centred both ways and wrapped, data rows wrapped and top-aligned */
  wrap?: boolean;
}

export type CellOut = string | number | null;

/**
 * Writes one sheet as a stream: merged bold title row, bold header row frozen with it, then whatever
 * `produce` adds, row by row, so a large export never sits in memory. `produce` should `await drained()`
 * between batches: it waits while the client is slower than the database. Ends `out` when done; throws
 * "export aborted" once `out` is destroyed (the client went away), so the database stops being read.
 */
export async function streamSheet(
  out: Writable,
  layout: SheetLayout,
  produce: (
    add: (values: CellOut[]) => void,
    drained: () => Promise<void>,
    /** a data row: `lead` cells (from column A) then `cellsXml`, the rest pre-rendered (rowCellsXml) */
    addXml: (lead: CellOut[], cellsXml: string | Buffer) => void,
  ) => Promise<void>,
): Promise<void> {
  const n = layout.columns.length;
  const sheet = new XlsxStreamWriter(out, {
    sheetName: layout.sheetName,
    widths: layout.columns.map((c) => c.width),
    frozenRows: 2,
    merges: n > 1 ? [`A1:${columnName(n - 1)}1`] : [],
  });
  try {
    // the merged title's other cells take the row's style
    sheet.addRow([layout.title], XF.title, layout.titleHeight ?? 28);
    sheet.addRow(
      layout.columns.map((c) => c.header),
      layout.wrap ? XF.headerWrap : XF.header,
    );
    const body = layout.wrap ? XF.bodyWrap : XF.plain;
    await produce(
      (values) => sheet.addRow(values, body),
      () => sheet.drained(),
      (lead, cellsXml) => sheet.addRowXml(lead, cellsXml, body),
    );
    await sheet.finish();
  } catch (err) {
    sheet.abort();
    throw err;
  }
}

/** YYYYMMDD in China time, for file names. */
export function dateStamp(at = new Date()): string {
  const f = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  return f.format(at).replace(/-/g, '');
}

/** Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 5987/6266). */
export function attachmentHeader(fileName: string, asciiName: string): string {
  return `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** The uploaded `file` field of a multipart request, checked to be an .xlsx. */
export async function uploadedXlsx(req: FastifyRequest): Promise<Buffer> {
  if (!req.isMultipart()) throw fileInvalid('请以 multipart/form-data 上传，字段名为 file');
  const part = await req.file();
  if (!part || part.fieldname !== 'file') throw fileInvalid('请以 multipart/form-data 上传，字段名为 file');
  const buf = await part.toBuffer();
  if (!isXlsx(buf)) throw fileInvalid('请上传 Excel 2007 及以上格式（.xlsx）的文件');
  return buf;
}

/** The 400 for a file with bad rows: nothing was written; `errors` lists every bad cell. */
export function sendImportInvalid(
  reply: FastifyReply,
  req: FastifyRequest,
  locale: Locale,
  result: TImportResult,
) {
  return reply.status(400).send({
    code: 'IMPORT_INVALID',
    message: translate('IMPORT_INVALID', locale, { count: result.errors.length }),
    errors: result.errors,
    requestId: req.id,
  });
}

/**
 * Streams a workbook as the reply. Access checks must have run before: once streaming starts the status
 * is 200, so a failure mid-way can only cut the download short (and is logged).
 */
export function sendXlsx(
  reply: FastifyReply,
  req: FastifyRequest,
  names: { fileName: string; asciiName: string },
  write: (out: Writable) => Promise<void>,
) {
  const out = new PassThrough();
  write(out).catch((err: unknown) => {
    req.log.error({ err }, 'export failed');
    out.destroy(err instanceof Error ? err : new Error(String(err)));
  });
  return reply
    .header('content-type', XLSX_MIME)
    .header('content-disposition', attachmentHeader(names.fileName, names.asciiName))
    .header('cache-control', 'no-store')
    .send(out);
}

/** Runs a streaming export into memory (generated sheets in the bench, tests). */
export async function writeToBuffer(write: (out: Writable) => Promise<void>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await Promise.all([write(out), finished(out)]);
  return Buffer.concat(chunks);
}

/** Runs a streaming export into a file (CLI). */
export async function writeToFile(filePath: string, write: (out: Writable) => Promise<void>): Promise<void> {
  const out = fs.createWriteStream(filePath);
  try {
    await Promise.all([write(out), finished(out)]);
  } catch (err) {
    out.destroy();
    throw err;
  }
}
