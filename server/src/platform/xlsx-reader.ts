import { XmlError, XmlTags, decodeOoxmlEscapes } from './xml-scan.js';
import { ZipError, ZipReader, type ZipLimits } from './zip-reader.js';

/*
 * Reads the cell text of .xlsx worksheets straight from the zip: workbook order and paths, shared strings,
 * which styles are dates, then each sheet's XML with the tag scanner. Every part is inflated and decoded
 * from UTF-8 whole, so multi-byte characters are never split. Values come out as the text the user sees,
 * as exceljs's whole-workbook load and cellText gave it (see xlsx-reader.test.ts).
 */

/** A structural problem with the file, worded for the user (zh-CN). */
export class XlsxError extends Error {}

export interface Merge {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** Receives a sheet's cells in document order. */
export interface SheetSink {
  /** A row begins (rows without r= are numbered on from the previous one); false stops the scan. */
  row(n: number): boolean;
  /** A non-empty cell of the current row (cells without r= follow the previous cell). */
  cell(col: number, text: string): void;
}

export interface XlsxSheet {
  name: string;
  /** merged ranges, 1-based inclusive */
  merges: Merge[];
  scan(sink: SheetSink): void;
}

const MAX_ROW = 1_048_576;
const MAX_COL = 16_384;
/** Built-in number formats that show dates or times (ECMA-376 18.8.30 and the CJK locale ids). */
const BUILTIN_DATE_IDS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54,
  55, 56, 57, 58,
]);

/** A format code shows a date when y/m/d/h/s (or b, Buddhist year) remain outside quotes, [..] and escapes. */
export function isDateFormat(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\[[^\]]*]/g, '')
    .replace(/[\\_*]./g, '');
  return /[ymdhsb]/i.test(bare);
}

/** Excel's serial day (1900 or 1904 system) → YYYY-MM-DD, as exceljs converted it (UTC, rounded to the ms). */
function serialDate(v: number, date1904: boolean): string {
  const d = new Date(Math.round((v - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
  return Number.isNaN(d.getTime()) ? String(v) : d.toISOString().slice(0, 10);
}

export class XlsxWorkbook {
  readonly date1904: boolean;
  readonly sheets: { name: string; path: string }[];
  private readonly zip: ZipReader;
  private sharedPath: string | undefined;
  private shared: string[] | undefined;
  private readonly dateStyles: boolean[];

  constructor(buf: Buffer, limits?: ZipLimits) {
    this.zip = guard(() => new ZipReader(buf, limits));
    const bookPath = guard(() => this.workbookPath());
    const book = this.xml(bookPath);
    if (book === undefined) throw new XlsxError('缺少工作簿（xl/workbook.xml）');
    const rels = this.rels(bookPath);
    let date1904 = false;
    const sheets: { name: string; path: string }[] = [];
    guard(() => {
      const t = new XmlTags(book);
      while (t.next()) {
        if (t.closing) continue;
        if (t.name === 'workbookPr') date1904 = ['1', 'true'].includes(t.attr('date1904') ?? '');
        else if (t.name === 'sheet') {
          const rel = rels.get(t.attr('id') ?? '');
          if (rel && /\/(chartsheet|dialogsheet|macrosheet)$/.test(rel.type)) continue;
          if (!rel) throw new XlsxError(`工作表“${t.attr('name') ?? ''}”缺少关系`);
          sheets.push({ name: t.attr('name') ?? '', path: rel.target });
        }
      }
    });
    this.date1904 = date1904;
    this.sheets = sheets;
    const byType = (type: string) => [...rels.values()].find((r) => r.type.endsWith(`/${type}`))?.target;
    this.sharedPath = byType('sharedStrings') ?? 'xl/sharedStrings.xml';
    const styles = this.xml(byType('styles') ?? 'xl/styles.xml');
    this.dateStyles = styles === undefined ? [] : guard(() => parseDateStyles(styles));
  }

  /** Sheet `i` (0-based, workbook order): its merged ranges, and its cells on demand. */
  sheet(i: number): XlsxSheet {
    const { name, path } = this.sheets[i];
    const xml = this.xml(path);
    if (xml === undefined) throw new XlsxError(`缺少工作表“${name}”（${path}）`);
    const merges = guard(() => parseMerges(xml));
    return { name, merges, scan: (sink) => guard(() => this.scanSheet(xml, sink)) };
  }

  private xml(path: string): string | undefined {
    return guard(() => this.zip.read(path)?.toString('utf8'));
  }

  private workbookPath(): string {
    const root = this.xml('_rels/.rels');
    if (root === undefined) return 'xl/workbook.xml';
    const doc = [...parseRels(root, '').values()].find((r) => r.type.endsWith('/officeDocument'));
    return doc?.target ?? 'xl/workbook.xml';
  }

  private rels(part: string) {
    const slash = part.lastIndexOf('/');
    const dir = part.slice(0, slash + 1);
    const xml = this.xml(`${dir}_rels/${part.slice(slash + 1)}.rels`);
    return xml === undefined ? new Map<string, Rel>() : guard(() => parseRels(xml, dir));
  }

  private sharedStrings(): string[] {
    if (!this.shared) {
      const xml = this.sharedPath === undefined ? undefined : this.xml(this.sharedPath);
      if (xml === undefined)
        throw new XlsxError('单元格引用了共享字符串，但文件中缺少共享字符串表（sharedStrings.xml）');
      this.shared = parseSharedStrings(xml);
      this.sharedPath = undefined;
    }
    return this.shared;
  }

  private scanSheet(xml: string, sink: SheetSink): void {
    const t = new XmlTags(xml);
    let found = false;
    while (!found && t.next()) found = t.name === 'sheetData' && !t.closing;
    if (!found || t.selfClosing) return;
    let rowNum = 0;
    let col = 0;
    while (t.next()) {
      const name = t.name;
      if (name === 'c') {
        if (t.closing) continue;
        const ref = t.attr('r');
        col = ref ? refColumn(ref) : col + 1;
        if (col < 1 || col > MAX_COL) throw new XlsxError(`单元格位置 ${ref ?? col} 无效`);
        if (t.selfClosing) continue;
        const value = this.cellValue(t);
        if (value === '') continue;
        // a cell outside any <row>: malformed, but place it in row 1 rather than drop it
        if (rowNum === 0 && !sink.row((rowNum = 1))) return;
        sink.cell(col, value);
      } else if (name === 'row') {
        if (t.closing) continue;
        const r = t.attr('r');
        rowNum = r === undefined ? rowNum + 1 : Number(r);
        if (!Number.isInteger(rowNum) || rowNum < 1 || rowNum > MAX_ROW)
          throw new XlsxError(`行号 ${r} 无效`);
        col = 0;
        if (!sink.row(rowNum)) return;
      } else if (name === 'sheetData' && t.closing) return;
    }
  }

  /** Reads a <c> element's children up to </c>; the text per the cell type (exceljs's cellText). */
  private cellValue(t: XmlTags): string {
    const type = t.attr('t');
    const style = t.attr('s');
    let v: string | undefined;
    let inline: string[] | undefined;
    let phonetic = 0;
    while (t.next()) {
      const name = t.name;
      if (t.closing) {
        if (name === 'c') break;
        if (name === 'rPh') phonetic--;
      } else if (name === 'v') v = t.text();
      else if (name === 'is') inline = [];
      else if (name === 't') {
        if (inline && !phonetic) inline.push(decodeOoxmlEscapes(t.text()));
      } else if (name === 'rPh' && !t.selfClosing) phonetic++;
    }
    switch (type) {
      case 's': {
        if (!v) return '';
        const shared = this.sharedStrings();
        const s = shared[Number(v)];
        if (s === undefined) throw new XlsxError(`共享字符串序号 ${v} 超出范围`);
        return s;
      }
      case 'inlineStr':
        return inline ? inline.join('') : (v ?? '');
      case 'str':
        return v ?? '';
      case 'b':
        return v ? (parseInt(v, 10) !== 0 ? 'TRUE' : 'FALSE') : '';
      case 'e':
        return '';
      case 'd':
        // ISO 8601 date cell (strict OOXML): the date part
        return v ? v.slice(0, 10) : '';
      default: {
        if (!v) return '';
        const n = parseFloat(v);
        // style 0 is the workbook default; exceljs never treated it as a date either
        return style && style !== '0' && this.dateStyles[Number(style)]
          ? serialDate(n, this.date1904)
          : String(n);
      }
    }
  }
}

/** <mergeCell ref="A1:G1"/> elements, which follow </sheetData>. */
function parseMerges(xml: string): Merge[] {
  const merges: Merge[] = [];
  const t = new XmlTags(xml, Math.max(0, xml.lastIndexOf('sheetData')));
  while (t.next()) {
    if (t.name !== 'mergeCell' || t.closing) continue;
    const [a, b] = (t.attr('ref') ?? '').split(':');
    if (!a || !b) continue;
    const [top, left, bottom, right] = [refRow(a), refColumn(a), refRow(b), refColumn(b)];
    if (top && left && bottom >= top && right >= left && bottom <= MAX_ROW && right <= MAX_COL)
      merges.push({ top, left, bottom, right });
  }
  return merges;
}

/** "AB12" → 28 (0 when there are no letters). */
function refColumn(ref: string): number {
  let col = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i) | 0x20;
    if (c === 0x24) continue; // $ of absolute refs
    if (c < 97 || c > 122) break;
    col = col * 26 + (c - 96);
  }
  return col;
}

/** "AB12" → 12 (0 when there is no number). */
function refRow(ref: string): number {
  const m = /(\d+)$/.exec(ref);
  return m ? Number(m[1]) : 0;
}

interface Rel {
  type: string;
  target: string;
}

/** Relationship id → type and target, the target resolved against `dir` (the source part's folder). */
function parseRels(xml: string, dir: string): Map<string, Rel> {
  const out = new Map<string, Rel>();
  const t = new XmlTags(xml);
  while (t.next()) {
    if (t.closing || t.name !== 'Relationship' || t.attr('TargetMode') === 'External') continue;
    const target = t.attr('Target') ?? '';
    out.set(t.attr('Id') ?? '', { type: t.attr('Type') ?? '', target: resolvePart(dir, target) });
  }
  return out;
}

function resolvePart(dir: string, target: string): string {
  const parts = (target.startsWith('/') ? target.slice(1) : dir + target).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

/** <si> items: plain <t> or rich-text runs joined; phonetic guides (<rPh>) are not part of the text. */
function parseSharedStrings(xml: string): string[] {
  return guard(() => {
    const out: string[] = [];
    const t = new XmlTags(xml);
    let parts: string[] | undefined;
    let phonetic = 0;
    while (t.next()) {
      const name = t.name;
      if (name === 't') {
        if (!t.closing && parts && !phonetic) parts.push(decodeOoxmlEscapes(t.text()));
      } else if (name === 'si') {
        if (t.selfClosing) out.push('');
        else if (t.closing) {
          out.push(parts ? parts.join('') : '');
          parts = undefined;
        } else parts = [];
      } else if (name === 'rPh' && !t.selfClosing) phonetic += t.closing ? -1 : 1;
    }
    return out;
  });
}

/** Per cellXfs index: does its number format show a date? */
function parseDateStyles(xml: string): boolean[] {
  const custom = new Map<number, string>();
  const out: boolean[] = [];
  const t = new XmlTags(xml);
  let inXfs = false;
  while (t.next()) {
    const name = t.name;
    if (name === 'numFmt' && !t.closing) custom.set(Number(t.attr('numFmtId')), t.attr('formatCode') ?? '');
    else if (name === 'cellXfs') inXfs = !t.closing && !t.selfClosing;
    else if (name === 'xf' && inXfs && !t.closing) {
      const id = Number(t.attr('numFmtId') ?? 0);
      const code = custom.get(id);
      out.push(id > 0 && (code === undefined ? BUILTIN_DATE_IDS.has(id) : isDateFormat(code)));
    }
  }
  return out;
}

/** Runs `fn`, turning the zip's and the scanner's failures into XlsxError. */
function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof XlsxError) throw err;
    if (err instanceof ZipError) throw new XlsxError(err.message);
    if (err instanceof XmlError) throw new XlsxError(`XML 格式错误（${err.message}）`);
    if (err instanceof RangeError) throw new XlsxError('文件过大或已损坏');
    throw err;
  }
}
