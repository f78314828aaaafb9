import { XlsxError, type Merge, type SheetSink, type XlsxSheet } from './xlsx-reader.js';

export interface SheetRow {
  /** the Excel row number (1-based), as shown in the row header */
  row: number;
  cells: Record<string, string>;
}

export interface SheetSpec {
  required: readonly string[];
  optional: readonly string[];
  /** other spellings a column's header may have (the name itself always matches) */
  variants?: Readonly<Record<string, readonly string[]>>;
  /** columns that alone do not make a row a data row (a pre-numbered 序号) */
  notData?: readonly string[];
}

export interface SheetTable {
  headerRow: number;
  rows: SheetRow[];
}

/** Header text for matching: full-width to half-width (NFKC), no spaces, no "*" required-marks. */
export const normHeader = (s: string) => s.normalize('NFKC').replace(/[\s*]/g, '');

export const HEADER_SCAN_ROWS = 10;
/** merged ranges are expanded over the mapped columns; beyond this many cells the file is refused */
const MAX_MERGED_CELLS = 2_000_000;

interface Line {
  n: number;
  /** per wanted column; undefined where the sheet has no cell */
  vals: (string | undefined)[];
}

/**
 * Finds the header row (the first of the first rows that has every required column) while the sheet is
 * scanned, then keeps only the mapped columns of the rows below it. Cells inside a merged range read as its
 * top-left cell, as Excel shows them (and as exceljs returned them).
 */
export function findTable(sheet: XlsxSheet, spec: SheetSpec): SheetTable | undefined {
  const b = new TableBuilder(sheet.merges, spec);
  sheet.scan(b);
  return b.finish();
}

class TableBuilder implements SheetSink {
  private readonly wanted: string[];
  private readonly spellings: Set<string>[];
  private headerRow = 0;
  /** column number → index in `wanted` + 1 (0: not mapped) */
  private colIndex: number[] = [];
  private checked = 0;
  private current = 0;
  private headerCells = new Map<number, string>();
  private line: Line | undefined;
  private readonly lines: Line[] = [];
  private ordered = true;
  private readonly masters = new Map<string, string>();

  constructor(
    private readonly merges: Merge[],
    private readonly spec: SheetSpec,
  ) {
    this.wanted = [...spec.required, ...spec.optional];
    this.spellings = this.wanted.map((w) => new Set([w, ...(spec.variants?.[w] ?? [])].map(normHeader)));
    // the top-left texts of merged ranges, collected as the scan passes them
    for (const m of merges) this.masters.set(`${m.top}:${m.left}`, '');
  }

  row(n: number): boolean {
    this.endRow();
    if (!this.headerRow) {
      this.checkHeaders(Math.min(n - 1, HEADER_SCAN_ROWS));
      this.headerCells = new Map();
    }
    this.current = n;
    if (!this.headerRow) return n <= HEADER_SCAN_ROWS;
    if (n <= (this.lines[this.lines.length - 1]?.n ?? 0)) this.ordered = false;
    this.line = { n, vals: new Array<string | undefined>(this.wanted.length) };
    return true;
  }

  cell(col: number, text: string): void {
    const key = this.masters.size ? `${this.current}:${col}` : '';
    if (key && this.masters.has(key)) this.masters.set(key, text);
    if (!this.headerRow) {
      if (this.current <= HEADER_SCAN_ROWS) this.headerCells.set(col, text);
      return;
    }
    const i = this.colIndex[col];
    if (i && this.line) this.line.vals[i - 1] = text;
  }

  finish(): SheetTable | undefined {
    this.endRow();
    if (!this.headerRow) this.checkHeaders(HEADER_SCAN_ROWS);
    if (!this.headerRow) return undefined;
    this.applyMerges();
    const lines = this.ordered ? this.lines : mergeLines(this.lines);
    const notData = new Set(this.spec.notData ?? []);
    const rows: SheetRow[] = [];
    for (const { n, vals } of lines) {
      if (n <= this.headerRow) continue;
      const cells: Record<string, string> = {};
      let empty = true;
      this.wanted.forEach((name, i) => {
        const text = (vals[i] ?? '').trim();
        cells[name] = text;
        if (text && !notData.has(name)) empty = false;
      });
      if (!empty) rows.push({ row: n, cells });
    }
    return { headerRow: this.headerRow, rows };
  }

  private endRow() {
    if (this.line) this.lines.push(this.line);
    this.line = undefined;
  }

  /** Tries rows after the last one tried, up to `last`, as the header row; merged cells count too. */
  private checkHeaders(last: number) {
    for (let r = this.checked + 1; r <= last && !this.headerRow; r++) {
      const cells = r === this.current ? new Map(this.headerCells) : new Map<number, string>();
      for (const m of this.merges)
        if (m.top <= r && r <= m.bottom)
          for (let c = m.left; c <= m.right; c++) cells.set(c, this.masters.get(`${m.top}:${m.left}`) ?? '');
      const columns = new Map<string, number>();
      for (const col of [...cells.keys()].sort((a, b) => a - b)) {
        const header = normHeader(cells.get(col)!.trim());
        this.wanted.forEach((name, i) => {
          if (!columns.has(name) && this.spellings[i].has(header)) columns.set(name, col);
        });
      }
      this.checked = r;
      if (!this.spec.required.every((h) => columns.has(h))) continue;
      this.headerRow = r;
      for (const [name, col] of columns) this.colIndex[col] = this.wanted.indexOf(name) + 1;
    }
  }

  /** Sets the mapped cells inside merged ranges below the header to their top-left text. */
  private applyMerges() {
    let budget = MAX_MERGED_CELLS;
    let byRow: Map<number, Line> | undefined;
    for (const m of this.merges) {
      const cols = this.colIndex.flatMap((i, c) => (i && c >= m.left && c <= m.right ? [c] : []));
      const from = Math.max(m.top, this.headerRow + 1);
      if (!cols.length || m.bottom < from) continue;
      budget -= (m.bottom - from + 1) * cols.length;
      if (budget < 0) throw new XlsxError('合并单元格范围过大');
      const text = this.masters.get(`${m.top}:${m.left}`) ?? '';
      byRow ??= new Map(this.lines.map((l) => [l.n, l]));
      for (let n = from; n <= m.bottom; n++) {
        let line = byRow.get(n);
        if (!line) {
          // a row that exists only through the merge
          line = { n, vals: new Array<string | undefined>(this.wanted.length) };
          byRow.set(n, line);
          this.lines.push(line);
          this.ordered = false;
        }
        for (const c of cols) if (n !== m.top || c !== m.left) line.vals[this.colIndex[c] - 1] = text;
      }
    }
  }
}

/** Rows in number order, a row number given twice merged into one (later cells win). */
function mergeLines(lines: Line[]): Line[] {
  const byRow = new Map<number, Line>();
  for (const l of lines) {
    const seen = byRow.get(l.n);
    if (!seen) byRow.set(l.n, { n: l.n, vals: [...l.vals] });
    else l.vals.forEach((v, i) => v !== undefined && (seen.vals[i] = v));
  }
  return [...byRow.values()].sort((a, b) => a.n - b.n);
}
