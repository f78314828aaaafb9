/**
 * A streaming .xlsx writer for one-sheet exports: the OOXML package written straight into a zip stream.
 * Rows become XML text encoded into 1 MB buffers, deflated by node:zlib off the main thread; nothing but the
 * current chunk is held in memory. exceljs (still used to read uploads) wrote the same sheets at a few
 * thousand rows/s: per-cell objects, style lookups and its own zip layer.
 *
 * The zip records are zip-writer.ts's. No zip64: an entry or the file over 4 GB is refused (a million-row
 * ledger is about 1.5 GB of XML).
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import zlib from 'node:zlib';
import {
  centralDirectory,
  dataDescriptor,
  dosDateTime,
  FLAG_DESCRIPTOR,
  FLAG_UTF8,
  localHeader,
  type ZipEntry as Entry,
} from './zip-writer.js';

export type XlsxCell = string | number | null | undefined;

/** The cell formats the sheet can use, by index into styles.xml's cellXfs. */
export const XF = { plain: 0, title: 1, header: 2, headerWrap: 3, bodyWrap: 4 } as const;
export type Xf = (typeof XF)[keyof typeof XF];

export interface XlsxSheetOptions {
  sheetName: string;
  /** column widths in characters, as Excel's col/@width */
  widths: readonly number[];
  /** rows kept in view when scrolling (a frozen pane under them) */
  frozenRows?: number;
  /** merged ranges, e.g. "A1:S1" */
  merges?: readonly string[];
}

export class ExportAborted extends Error {
  constructor() {
    super('export aborted');
  }
}

const LEVEL = 3; // text compresses ~6–10× at this level at several times the speed of the default 6
const CHUNK_BYTES = 1024 * 1024;
const MAX_32 = 0xffffffff;

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';

// Characters XML 1.0 cannot carry (C0 controls but tab/LF/CR, U+FFFE/U+FFFF, lone surrogates) and the
// four that need escaping in text. Tested before replacing: most cells need neither.
/* eslint-disable no-control-regex -- these are exactly the characters to find */
const SPECIAL =
  /[&<>\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/* eslint-enable no-control-regex */
const SPECIAL_G = new RegExp(SPECIAL.source, 'g');
// CR as a reference: a literal one would be read back as LF (XML end-of-line handling)
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };

/** Text for an XML text node or attribute value in double quotes; illegal characters dropped. */
export function xmlText(s: string): string {
  if (!SPECIAL.test(s)) return s;
  return s.replace(SPECIAL_G, (c) => ENTITY[c] ?? '');
}
const xmlAttr = (s: string) => xmlText(s).replace(/"/g, '&quot;');

/** 0 → A, 25 → Z, 26 → AA … */
export function columnName(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

const STYLES =
  XML_HEAD +
  `<styleSheet xmlns="${NS_MAIN}">` +
  '<fonts count="3">' +
  '<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>' +
  '<font><b/><sz val="16"/><name val="Calibri"/><family val="2"/></font>' +
  '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>' +
  '</fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="5">' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf>' +
  '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center"/></xf>' +
  '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>' +
  '</cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';

function staticParts(sheetName: string): [string, string][] {
  return [
    [
      '[Content_Types].xml',
      XML_HEAD +
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        '</Types>',
    ],
    [
      '_rels/.rels',
      XML_HEAD +
        `<Relationships xmlns="${NS_PKG_REL}">` +
        `<Relationship Id="rId1" Type="${NS_REL}/officeDocument" Target="xl/workbook.xml"/>` +
        '</Relationships>',
    ],
    [
      'xl/workbook.xml',
      XML_HEAD +
        `<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">` +
        '<bookViews><workbookView/></bookViews>' +
        `<sheets><sheet name="${xmlAttr(sheetName)}" sheetId="1" r:id="rId1"/></sheets>` +
        '</workbook>',
    ],
    [
      'xl/_rels/workbook.xml.rels',
      XML_HEAD +
        `<Relationships xmlns="${NS_PKG_REL}">` +
        `<Relationship Id="rId1" Type="${NS_REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
        `<Relationship Id="rId2" Type="${NS_REL}/styles" Target="styles.xml"/>` +
        '</Relationships>',
    ],
    ['xl/styles.xml', STYLES],
  ];
}

const COLUMNS: string[] = [];
const column = (i: number) => (COLUMNS[i] ??= columnName(i));

function rowStart(r: number, xf: Xf, height?: number): string {
  return `<row r="${r}"${height ? ` ht="${height}" customHeight="1"` : ''}${xf ? ` s="${xf}" customFormat="1"` : ''}>`;
}

// For text that must also pass through PostgreSQL's COPY text format untouched: the characters it escapes,
// as character references (the same characters to any XML reader)
const COPY_UNSAFE = /[\n\t\\]/;
const COPY_UNSAFE_G = /[\n\t\\]/g;
const COPY_REF: Record<string, string> = { '\n': '&#10;', '\t': '&#9;', '\\': '&#92;' };

/**
 * The `<c>` elements of one row's values, in the styles `addRow` gives them. With `row`, each cell carries
 * its reference (r="B7") and null/undefined leave the cell out. Without it (a row fragment rendered once and
 * stored, see problems.ledger-rows.ts) cells carry no reference — SpreadsheetML places them after the
 * previous one — so a value may not be left out, and the text holds no raw LF, tab or backslash.
 */
export function rowCellsXml(values: readonly XlsxCell[], xf: Xf, row?: number, first = 0): string {
  const s = xf ? ` s="${xf}"` : '';
  let xml = '';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      if (row === undefined) throw new Error(`cell ${i + first + 1} is empty in a row without references`);
      continue;
    }
    const ref = row === undefined ? '' : ` r="${column(i + first)}${row}"`;
    if (typeof v === 'number') {
      // NaN and ±Infinity have no cell value: kept as text rather than written as a corrupt number
      xml += Number.isFinite(v)
        ? `<c${ref}${s}><v>${v}</v></c>`
        : `<c${ref}${s} t="inlineStr"><is><t>${v}</t></is></c>`;
    } else {
      let text = xmlText(v);
      // Excel trims leading/trailing blanks unless told to keep them
      const keep =
        text.length > 0 && (text.charCodeAt(0) <= 32 || text.charCodeAt(text.length - 1) <= 32)
          ? ' xml:space="preserve"'
          : '';
      if (row === undefined && COPY_UNSAFE.test(text)) text = text.replace(COPY_UNSAFE_G, (c) => COPY_REF[c]);
      xml += `<c${ref}${s} t="inlineStr"><is><t${keep}>${text}</t></is></c>`;
    }
  }
  return xml;
}

function invalidSheetName(name: string): string | undefined {
  if (name.length === 0 || name.length > 31) return 'must be 1 to 31 characters';
  if (/[[\]:*?/\\]/.test(name)) return 'must not contain [ ] : * ? / \\';
  if (name.startsWith("'") || name.endsWith("'")) return "must not start or end with '";
  return undefined;
}

/**
 * One worksheet written into `out` as it is produced. Call `addRow` for each row, `await drained()` between
 * batches (back-pressure: resolves once the client has taken what was written), then `finish()`, which ends
 * `out`. A destroyed `out` (the client went away) makes these throw ExportAborted.
 */
export class XlsxStreamWriter {
  private readonly out: Writable;
  private readonly entries: Entry[] = [];
  private readonly stamp = dosDateTime(new Date());
  private readonly footer: string;
  private offset = 0;
  private row = 0;
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  private sheet!: Entry;
  private deflate!: zlib.DeflateRaw;
  private deflated!: Promise<unknown>;
  private outFull = false;
  private failure: Error | undefined;

  constructor(out: Writable, opts: XlsxSheetOptions) {
    const bad = invalidSheetName(opts.sheetName);
    if (bad) throw new Error(`sheet name "${opts.sheetName}" ${bad}`);
    this.out = out;
    for (const [name, xml] of staticParts(opts.sheetName)) this.storeWhole(name, xml);
    this.openSheet();
    const frozen = opts.frozenRows ?? 0;
    const pane = frozen
      ? `<pane ySplit="${frozen}" topLeftCell="A${frozen + 1}" activePane="bottomLeft" state="frozen"/>` +
        '<selection pane="bottomLeft"/>'
      : '';
    const cols = opts.widths
      .map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`)
      .join('');
    this.append(
      XML_HEAD +
        `<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">` +
        `<sheetViews><sheetView workbookViewId="0">${pane}</sheetView></sheetViews>` +
        '<sheetFormatPr defaultRowHeight="15"/>' +
        (cols ? `<cols>${cols}</cols>` : '') +
        '<sheetData>',
    );
    const merges = opts.merges ?? [];
    this.footer =
      '</sheetData>' +
      (merges.length
        ? `<mergeCells count="${merges.length}">${merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>`
        : '') +
      '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>' +
      '</worksheet>';
  }

  /**
   * Appends one row. Strings are inline strings, numbers numbers; null/undefined leave the cell out.
   * `xf` styles every cell of the row (and the row itself, for the cells left out); `height` in points.
   */
  addRow(values: readonly XlsxCell[], xf: Xf = XF.plain, height?: number): void {
    if (this.out.destroyed) throw new ExportAborted();
    const r = ++this.row;
    this.append(rowStart(r, xf, height) + rowCellsXml(values, xf, r) + '</row>');
  }

  /**
   * Appends one row of `lead` (with cell references, from column A) followed by `cellsXml`, cells made by
   * `rowCellsXml(values, xf)` without references (they follow in order): a row stored pre-rendered.
   */
  addRowXml(lead: readonly XlsxCell[], cellsXml: string | Buffer, xf: Xf = XF.plain): void {
    if (this.out.destroyed) throw new ExportAborted();
    const r = ++this.row;
    if (typeof cellsXml === 'string') {
      this.append(rowStart(r, xf) + rowCellsXml(lead, xf, r) + cellsXml + '</row>');
      return;
    }
    // UTF-8 already (streamed from the database): copied as bytes, never decoded
    this.append(rowStart(r, xf) + rowCellsXml(lead, xf, r));
    this.appendBytes(cellsXml);
    this.append('</row>');
  }

  /** The number of rows written so far (the next row is this plus one). */
  get rows(): number {
    return this.row;
  }

  /** Resolves when the deflater and the client have caught up; throws ExportAborted when `out` is gone. */
  async drained(): Promise<void> {
    if (this.out.destroyed) throw new ExportAborted();
    if (!this.deflate.writableNeedDrain) return;
    const ac = new AbortController();
    try {
      await Promise.race([
        once(this.deflate, 'drain', { signal: ac.signal }),
        once(this.deflate, 'close', { signal: ac.signal }), // failed: no drain will come
        once(this.out, 'close', { signal: ac.signal }),
      ]);
    } finally {
      ac.abort();
    }
    if (this.out.destroyed) throw new ExportAborted();
    if (this.failure) throw this.failure;
  }

  /** Writes the rest of the sheet and the zip's central directory, and ends `out`. */
  async finish(): Promise<void> {
    if (this.out.destroyed) throw new ExportAborted();
    this.append(this.footer);
    this.flushChunk();
    this.deflate.end();
    await this.deflated;
    if (this.out.destroyed) throw new ExportAborted();
    if (this.failure) throw this.failure;
    const e = this.sheet;
    if (e.size > MAX_32 || e.compressed > MAX_32 || this.offset > MAX_32)
      throw new Error('export too large for a zip without zip64 (over 4 GB)');
    this.push(dataDescriptor(e));
    this.push(centralDirectory(this.entries, this.stamp, this.offset));
    this.out.end();
  }

  /** Stops: the deflater is released; `out` is left to its owner. */
  abort(): void {
    this.deflate.destroy();
  }

  private push(buf: Buffer): void {
    this.offset += buf.length;
    if (!this.out.write(buf)) this.outFull = true;
  }

  /** A small part, deflated in one go: CRC and sizes known before its header. */
  private storeWhole(name: string, xml: string): void {
    const raw = Buffer.from(xml, 'utf8');
    const data = zlib.deflateRawSync(raw, { level: LEVEL });
    const e: Entry = {
      name: Buffer.from(name, 'utf8'),
      flags: FLAG_UTF8,
      crc: zlib.crc32(raw),
      compressed: data.length,
      size: raw.length,
      offset: this.offset,
    };
    this.entries.push(e);
    this.push(localHeader(e, this.stamp));
    this.push(data);
  }

  private openSheet(): void {
    const e: Entry = {
      name: Buffer.from('xl/worksheets/sheet1.xml', 'utf8'),
      flags: FLAG_UTF8 | FLAG_DESCRIPTOR,
      crc: 0,
      compressed: 0,
      size: 0,
      offset: this.offset,
    };
    this.sheet = e;
    this.entries.push(e);
    this.push(localHeader(e, this.stamp));
    // A roomy input buffer: the producer runs on while the thread pool compresses the last chunk.
    // (zlib passes stream options through; its typings do not list them)
    const opts: zlib.ZlibOptions & { writableHighWaterMark: number } = {
      level: LEVEL,
      chunkSize: 64 * 1024,
      writableHighWaterMark: 4 * CHUNK_BYTES,
    };
    const deflate = zlib.createDeflateRaw(opts);
    this.deflate = deflate;
    // Compressed output goes straight to `out`; when `out` is full the deflater pauses, its input backs
    // up, and drained() waits — back-pressure from the client to the producer.
    deflate.on('data', (c: Buffer) => {
      if (this.out.destroyed) return;
      e.compressed += c.length;
      this.push(c);
      if (this.outFull && !deflate.isPaused()) {
        deflate.pause();
        this.out.once('drain', () => {
          this.outFull = false;
          deflate.resume();
        });
      }
    });
    this.out.once('close', () => {
      if (!this.deflate.writableFinished) deflate.destroy();
    });
    deflate.on('error', (err) => (this.failure ??= err));
    this.deflated = new Promise((resolve) => {
      deflate.once('end', resolve);
      deflate.once('close', resolve); // destroyed (client gone): finish() reports the abort
    });
  }

  /**
   * UTF-8-encodes `xml` into the current chunk. Encoding each row into a buffer is several times faster
   * than concatenating a chunk-sized string and converting that (V8 flattens the rope first).
   */
  private append(xml: string): void {
    if (this.used + xml.length * 3 > CHUNK_BYTES) {
      this.flushChunk();
      if (xml.length * 3 > CHUNK_BYTES) return this.deflateBytes(Buffer.from(xml, 'utf8'));
    }
    this.used += this.chunk.write(xml, this.used, 'utf8');
  }

  private appendBytes(bytes: Buffer): void {
    if (this.used + bytes.length > CHUNK_BYTES) {
      this.flushChunk();
      if (bytes.length > CHUNK_BYTES) return this.deflateBytes(Buffer.from(bytes));
    }
    this.used += bytes.copy(this.chunk, this.used);
  }

  private flushChunk(): void {
    if (this.used === 0) return;
    const bytes = this.chunk.subarray(0, this.used);
    // the deflater keeps a reference until it has read it: the next rows go into a fresh buffer
    this.chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    this.used = 0;
    this.deflateBytes(bytes);
  }

  private deflateBytes(bytes: Buffer): void {
    if (this.deflate.destroyed) return;
    this.sheet.crc = zlib.crc32(bytes, this.sheet.crc);
    this.sheet.size += bytes.length;
    this.deflate.write(bytes);
  }
}
