import ExcelJS from 'exceljs';
import { crc32, deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { AppError } from './errors.js';
import { normHeader, readSheet, type SheetSpec } from './xlsx.js';

/*
 * The reader against exceljs: workbooks written by exceljs (as our exports and many tools produce them) must
 * read exactly as exceljs's whole-workbook load did, which is kept here as the oracle. Hand-made parts cover
 * what exceljs does not write (cells without r=, phonetic runs, prefixes, CDATA) and hostile archives.
 */

// ---- the former exceljs-based readSheet, as the oracle ----

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if ('richText' in v)
    return v.richText
      .map((r) => r.text)
      .join('')
      .trim();
  if ('error' in v) return '';
  if ('formula' in v || 'sharedFormula' in v) return cellText(v.result ?? null);
  if ('hyperlink' in v) return cellText(v.text as ExcelJS.CellValue);
  return '';
}

async function oracle(buf: Buffer, spec: SheetSpec) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  const wanted = [...spec.required, ...spec.optional];
  const variants = (w: string) => [w, ...(spec.variants?.[w] ?? [])].map(normHeader);
  for (const ws of wb.worksheets) {
    for (let r = 1; r <= Math.min(ws.rowCount, 10); r++) {
      const columns = new Map<string, number>();
      ws.getRow(r).eachCell((cell, col) => {
        const header = normHeader(cellText(cell.value));
        for (const w of wanted) if (!columns.has(w) && variants(w).includes(header)) columns.set(w, col);
      });
      if (!spec.required.every((h) => columns.has(h))) continue;
      const rows = [];
      for (let n = r + 1; n <= ws.rowCount; n++) {
        const cells: Record<string, string> = {};
        let empty = true;
        for (const name of wanted) {
          const col = columns.get(name);
          cells[name] = col ? cellText(ws.getRow(n).getCell(col).value) : '';
          if (cells[name] && !spec.notData?.includes(name)) empty = false;
        }
        if (!empty) rows.push({ row: n, cells });
      }
      return { headerRow: r, rows };
    }
  }
  throw new Error('no header');
}

// ---- workbooks ----

const SPEC: SheetSpec = {
  required: ['姓名', '单位'],
  optional: ['序号', '日期', '数值', '备注'],
  notData: ['序号'],
};
const HEADER = ['序号', '姓名', '单位', '日期', '数值', '备注'];

/** One sheet of every kind of cell we know users' and our own files to hold. */
function fill(wb: ExcelJS.Workbook, sharedFormula = true) {
  wb.addWorksheet('说明').addRow(['本表无表头', '只有说明']);
  const ws = wb.addWorksheet('人员');
  ws.addRow(['人员信息表（截至2023年10月31日）']);
  ws.mergeCells(1, 1, 1, HEADER.length);
  ws.addRow([]);
  ws.addRow(HEADER.map((h, i) => (i === 1 ? `${h} *` : h)));
  const rich = { richText: [{ text: ' 中共' }, { font: { bold: true }, text: '预备党员 ' }] };
  const rows: ExcelJS.CellValue[][] = [
    [1, '张三', '东城区委', new Date(Date.UTC(2023, 9, 31)), 13912345678, '  前后空格  '],
    [
      2,
      '𠮷野家 😀',
      '西城区委/机关党支部',
      new Date(Date.UTC(2024, 1, 29, 18, 30)),
      0.1 + 0.2,
      'A&B <c> "d" \'e\'',
    ],
    [3, rich, { formula: 'B4&"x"', result: '公式结果' }, 45231, { formula: '1+1', result: 2 }, true],
    [4, '李四', '朝阳区', { formula: 'TODAY()', result: new Date(Date.UTC(2020, 0, 1)) }, -1.5e-7, false],
    [5, '王五', { error: '#N/A' }, null, 1e21, { formula: '1/0', result: { error: '#DIV/0!' } }],
    [6, '', '', '', '', ''],
    [7, { text: '链接', hyperlink: 'https://example.org/a?b=1&c=2' }, '海淀区', '', 123456789012, '行\n换行'],
    [8, '赵六', '丰台区', new Date(Date.UTC(1900, 1, 28)), 42, '１２３ 全角'],
  ];
  for (const r of rows) ws.addRow(r);
  ws.getCell('D7').numFmt = 'yyyy"年"m"月"d"日"';
  ws.getCell('D9').numFmt = 'mm-dd-yy';
  ws.getCell('E7').numFmt = '0.00_);[Red](0.00)';
  ws.getCell('E9').numFmt = '[$-804]yyyy/m/d;@';
  // sparse: a lone cell far right and a gap of rows, then a vertically merged unit
  ws.getCell('K13').value = '远处';
  ws.getCell('B15').value = '孙七';
  ws.getCell('C15').value = '合并单位';
  ws.getCell('B16').value = '周八';
  ws.mergeCells('C15:C17');
  ws.getCell('B17').value = { formula: 'B15', result: '孙七' };
  // exceljs's streaming writer writes a shared formula without its master, which its reader then drops
  if (sharedFormula) ws.getCell('B18').value = { sharedFormula: 'B17', result: '共享' } as ExcelJS.CellValue;
  ws.getCell('C18').value = '末行';
}

async function book(opts: { sharedStrings: boolean; date1904?: boolean }): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  if (opts.date1904) wb.properties.date1904 = true;
  fill(wb);
  return Buffer.from(await wb.xlsx.writeBuffer({ useSharedStrings: opts.sharedStrings }));
}

async function streamed(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const { PassThrough } = await import('node:stream');
  const out = new PassThrough();
  out.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  fill(wb as unknown as ExcelJS.Workbook, false);
  await wb.commit();
  return Buffer.concat(chunks);
}

describe('readSheet reads as exceljs did', () => {
  it.each([
    ['shared strings', () => book({ sharedStrings: true })],
    ['no shared strings', () => book({ sharedStrings: false })],
    ['1904 date system', () => book({ sharedStrings: true, date1904: true })],
    ['streaming writer (our exports)', streamed],
  ])('%s', async (_name, make) => {
    const buf = await make();
    const ours = await readSheet(buf, SPEC);
    expect(ours).toEqual(await oracle(buf, SPEC));
    // and the values are what a user sees, not just the same as exceljs
    const byRow = new Map(ours.rows.map((r) => [r.row, r.cells]));
    expect(ours.headerRow).toBe(3);
    expect(byRow.get(5)?.姓名).toBe('𠮷野家 😀');
    expect(byRow.get(6)?.姓名).toBe('中共预备党员');
    expect(byRow.get(4)?.数值).toBe('13912345678');
    expect(byRow.get(4)?.日期).toBe('2023-10-31');
    expect(byRow.get(16)?.单位).toBe('合并单位');
    expect(byRow.has(9)).toBe(false);
  });

  it('maps header variants and skips rows with only a 序号', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('台账');
    ws.addRow(['编号', '问题描述', '牵头单位', '完成时限']);
    ws.addRow([1, '会议多', '东城区委', new Date(Date.UTC(2024, 5, 30))]);
    ws.addRow([2]);
    ws.addRow([3, '文件多', '西城区委', '2024年6月30日']);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const spec: SheetSpec = {
      required: ['问题表现', '责任单位', '整改时限'],
      optional: ['序号'],
      variants: { 序号: ['编号'], 问题表现: ['问题描述'], 责任单位: ['牵头单位'], 整改时限: ['完成时限'] },
      notData: ['序号'],
    };
    const ours = await readSheet(buf, spec);
    expect(ours).toEqual(await oracle(buf, spec));
    expect(ours.rows.map((r) => r.row)).toEqual([2, 4]);
  });
});

// ---- hand-made packages ----

/** A zip of the given parts (deflated unless `stored`), with the directory fields overridable for hostile cases. */
function zip(
  parts: Record<string, string | Buffer>,
  o: { stored?: boolean; size?: (n: string) => number; flags?: number; method?: number } = {},
): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(parts)) {
    const raw = Buffer.from(content);
    const data = o.stored ? raw : deflateRawSync(raw);
    const nameBuf = Buffer.from(name);
    const method = o.method ?? (o.stored ? 0 : 8);
    const size = o.size?.(name) ?? raw.length;
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(20, 4);
    head.writeUInt16LE(o.flags ?? 0, 6);
    head.writeUInt16LE(method, 8);
    head.writeUInt32LE(crc32(raw), 14);
    head.writeUInt32LE(data.length, 18);
    head.writeUInt32LE(size, 22);
    head.writeUInt16LE(nameBuf.length, 26);
    locals.push(head, nameBuf, data);
    const cen = Buffer.alloc(46);
    cen.writeUInt32LE(0x02014b50, 0);
    cen.writeUInt16LE(20, 4);
    cen.writeUInt16LE(20, 6);
    head.copy(cen, 8, 6, 30);
    cen.writeUInt32LE(offset, 42);
    central.push(cen, nameBuf);
    offset += 30 + nameBuf.length + data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(parts).length, 8);
  end.writeUInt16LE(Object.keys(parts).length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const workbook = (date1904 = false) =>
  `<?xml version="1.0" encoding="UTF-8"?><workbook ${NS} xmlns:r="${REL}"><workbookPr${date1904 ? ' date1904="true"' : ''}/>` +
  `<sheets><sheet name="表1" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const rels =
  `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
  `<Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
  `<Relationship Id="rId2" Type="${REL}/styles" Target="/xl/styles.xml"/>` +
  `<Relationship Id="rId3" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`;
const styles =
  `<styleSheet ${NS}><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>` +
  `<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>` +
  `<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="31"/><xf numFmtId="4"/></cellXfs></styleSheet>`;
const shared =
  `<sst ${NS} count="3"><si><t>姓名</t></si><si><t>单位</t></si>` +
  `<si><r><rPr><b/></rPr><t xml:space="preserve">东城</t></r><r><t>区委</t></r><rPh sb="0" eb="2"><t>とうじょう</t></rPh></si>` +
  `<si><t>行一_x000D_</t></si></sst>`;

function pkg(
  sheetData: string,
  o: { withShared?: boolean; date1904?: boolean; merges?: string; stored?: boolean } = {},
) {
  return zip(
    {
      '[Content_Types].xml': '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
      'xl/workbook.xml': workbook(o.date1904),
      'xl/_rels/workbook.xml.rels': rels,
      'xl/styles.xml': styles,
      ...(o.withShared === false ? {} : { 'xl/sharedStrings.xml': shared }),
      'xl/worksheets/sheet1.xml': `<x:worksheet xmlns:x="${NS.slice(7, -1)}"><x:sheetData>${sheetData}</x:sheetData>${o.merges ?? ''}</x:worksheet>`,
    },
    { stored: o.stored },
  );
}

const SPEC2: SheetSpec = { required: ['姓名', '单位'], optional: ['日期'] };
const header =
  '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>1</x:v></x:c><x:c r="C1" t="inlineStr"><x:is><x:t>日期</x:t></x:is></x:c></x:row>';

describe('readSheet reads parts exceljs does not write', () => {
  it('positions cells without r=, reads inline rich text, references, CDATA and date styles', async () => {
    const buf = pkg(
      header +
        '<x:row><x:c t="inlineStr"><x:is><x:r><x:t>&#134071;</x:t></x:r><x:r><x:t>&#x20BB7;&amp;</x:t></x:r></x:is></x:c>' +
        '<x:c t="s"><x:v>2</x:v></x:c><x:c s="1"><x:v>45230</x:v></x:c></x:row>' +
        '<x:row><x:c r="A3" t="str"><x:v><![CDATA[<原样>]]></x:v></x:c><x:c t="s"><x:v>3</x:v></x:c><x:c s="2"><x:v>45230.75</x:v></x:c></x:row>' +
        '<x:row r="5"><x:c r="A5" t="inlineStr"><x:is><x:t>甲&#13;&#10;乙\r\n丙</x:t></x:is></x:c><x:c r="B5" t="str"><x:v>只有单位</x:v></x:c><x:c s="3"><x:v>45230</x:v></x:c></x:row>',
    );
    expect(await readSheet(buf, SPEC2)).toEqual({
      headerRow: 1,
      rows: [
        { row: 2, cells: { 姓名: '𠮷𠮷&', 单位: '东城区委', 日期: '2023-10-31' } },
        { row: 3, cells: { 姓名: '<原样>', 单位: '行一', 日期: '2023-10-31' } },
        // a CR written as &#13; stays, a literal CR LF becomes LF
        { row: 5, cells: { 姓名: '甲\r\n乙\n丙', 单位: '只有单位', 日期: '45230' } },
      ],
    });
  });

  it('counts days from 1904 when the workbook says so, and stored entries read like deflated ones', async () => {
    const buf = pkg(
      header +
        '<x:row r="2"><x:c r="A2" t="s"><x:v>0</x:v></x:c><x:c r="C2" s="1"><x:v>0</x:v></x:c></x:row>',
      {
        date1904: true,
        stored: true,
      },
    );
    expect((await readSheet(buf, SPEC2)).rows[0].cells.日期).toBe('1904-01-01');
  });

  it('fills a merged header range from its top-left cell', async () => {
    const buf = pkg(
      '<x:row r="1"><x:c r="A1" t="str"><x:v>姓名</x:v></x:c><x:c r="B1" t="str"><x:v>单位</x:v></x:c></x:row>' +
        '<x:row r="2"><x:c r="A2" t="str"><x:v>甲</x:v></x:c><x:c r="B2" t="str"><x:v>一单位</x:v></x:c></x:row>' +
        '<x:row r="3"><x:c r="A3" t="str"><x:v>乙</x:v></x:c></x:row>',
      { merges: '<x:mergeCells count="1"><x:mergeCell ref="B2:B4"/></x:mergeCells>' },
    );
    expect((await readSheet(buf, SPEC2)).rows.map((r) => [r.row, r.cells.姓名, r.cells.单位])).toEqual([
      [2, '甲', '一单位'],
      [3, '乙', '一单位'],
      [4, '', '一单位'],
    ]);
  });
});

// ---- hostile input: a clear 400, never a crash ----

async function rejection(buf: Buffer): Promise<string> {
  const err: unknown = await readSheet(buf, SPEC2).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  const e = err as AppError;
  expect([e.code, e.status]).toEqual(['FILE_INVALID', 400]);
  return String(e.params.reason);
}

describe('readSheet refuses broken and hostile files with a 400', () => {
  const ok = () => pkg(header + '<x:row r="2"><x:c r="A2" t="s"><x:v>0</x:v></x:c></x:row>');

  it('a truncated file', async () => {
    const buf = ok();
    expect(await rejection(buf.subarray(0, buf.length - 40))).toMatch(/^不是有效的 \.xlsx 文件/);
    expect(await rejection(buf.subarray(0, Math.floor(buf.length / 2)))).toMatch(/^不是有效的 \.xlsx 文件/);
  });

  it('a zip that is no workbook, and a non-zip', async () => {
    expect(await rejection(zip({ 'readme.txt': '你好' }))).toMatch(/缺少工作簿/);
    expect(await rejection(Buffer.from('姓名,单位\n张三,东城区委\n'))).toMatch(/\.xlsx/);
  });

  it('a deflate bomb, whether its sizes are honest or lie', async () => {
    const zeros = Buffer.alloc(20 * 1024 * 1024);
    const lying = zip({ 'xl/workbook.xml': zeros }, { size: () => 1000 });
    expect(await rejection(lying)).toMatch(/大于声明/);
    const honest = zip({ 'xl/workbook.xml': 'x' }, { size: () => 300 * 1024 * 1024, stored: false });
    expect(await rejection(honest)).toMatch(/超过 200 MB/);
  });

  it('encrypted entries, other compression methods, and references to a missing shared-strings part', async () => {
    expect(await rejection(zip({ 'xl/workbook.xml': workbook() }, { flags: 1 }))).toMatch(/已加密/);
    expect(await rejection(zip({ 'xl/workbook.xml': workbook() }, { method: 12 }))).toMatch(/压缩方式/);
    expect(await rejection(pkg(header, { withShared: false }))).toMatch(/缺少共享字符串表/);
    expect(await rejection(pkg('<x:row r="1"><x:c r="A1" t="s"><x:v>99</x:v></x:c></x:row>'))).toMatch(
      /超出范围/,
    );
    expect(await rejection(pkg('<x:row r="1"><x:c r="A1"'))).toMatch(/XML/);
  });
});
