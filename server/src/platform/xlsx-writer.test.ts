import ExcelJS from 'exceljs';
import { PassThrough, Writable } from 'node:stream';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { streamSheet, writeToBuffer, type CellOut, type SheetLayout } from './xlsx.js';
import { columnName, XlsxStreamWriter } from './xlsx-writer.js';

const LAYOUT: SheetLayout = {
  sheetName: '测试表',
  title: '某单位检视问题整改台账',
  columns: [
    { header: '序号', width: 6 },
    { header: '文本', width: 40 },
    { header: '备注', width: 12 },
  ],
};

const sheetOf = (rows: CellOut[][], layout = LAYOUT) =>
  writeToBuffer((out) =>
    streamSheet(out, layout, async (add) => {
      for (const r of rows) add(r);
    }),
  );

async function readBack(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  return wb.worksheets[0];
}

interface ZipEntry {
  name: string;
  flags: number;
  data: Buffer;
}

/**
 * What `unzip -t` checks, done here: the end record, every central directory entry, its local header at the
 * stated offset, the deflated data inflating to the stated size with the stated CRC, and for entries with a
 * data descriptor (flag bit 3) the descriptor agreeing with the directory.
 */
function checkZip(buf: Buffer): ZipEntry[] {
  const eocd = buf.length - 22;
  expect(buf.readUInt32LE(eocd)).toBe(0x06054b50);
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  let p = buf.readUInt32LE(eocd + 16);
  expect(p + cdSize).toBe(eocd);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    expect(buf.readUInt32LE(p)).toBe(0x02014b50);
    const flags = buf.readUInt16LE(p + 8);
    const crc = buf.readUInt32LE(p + 16);
    const csize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extra = buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    const offset = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extra;

    expect(buf.readUInt32LE(offset)).toBe(0x04034b50);
    expect(buf.readUInt16LE(offset + 8)).toBe(8);
    const localName = buf.toString('utf8', offset + 30, offset + 30 + buf.readUInt16LE(offset + 26));
    expect(localName).toBe(name);
    const start = offset + 30 + buf.readUInt16LE(offset + 26) + buf.readUInt16LE(offset + 28);
    const data = zlib.inflateRawSync(buf.subarray(start, start + csize));
    expect(data.length, name).toBe(size);
    expect(zlib.crc32(data), name).toBe(crc);
    if (flags & 0x0008) {
      const dd = start + csize;
      expect(buf.readUInt32LE(dd)).toBe(0x08074b50);
      expect([buf.readUInt32LE(dd + 4), buf.readUInt32LE(dd + 8), buf.readUInt32LE(dd + 12)]).toEqual([
        crc,
        csize,
        size,
      ]);
    } else expect(buf.readUInt32LE(offset + 14)).toBe(crc);
    entries.push({ name, flags, data });
  }
  return entries;
}

describe('streaming xlsx writer', () => {
  it('round-trips text of every kind, numbers and empty cells through exceljs', async () => {
    const big = '整改措施𠮷&<'.repeat(120_000); // 960,000 characters, over 1.2 MB of UTF-8
    const rows: CellOut[][] = [
      [1, '检视问题整改台账：中文、日本語、한국어', '全角，标点。'],
      [2, 'emoji 👍🏽 and 𠮷 (outside the BMP)', '🇨🇳'],
      [3, 'a < b && c > d "quoted" \'single\' </t></is>]]>', '&amp; stays literal'],
      [4, 'ctl\u0000\u0001\u0008\u000B\u000C\u001F\uFFFE\uFFFF gone', 'lone \uD800 high, \uDC00 low, ok 𠮷'],
      [5, 'tab\there\nnew line\r\nCRLF and \r CR', '  padded  '],
      [6, null, ''],
      [0, -1.5, 123456789012],
      [1e21, 0.1 + 0.2, Number.NaN],
      [8, big, null],
    ];
    const ws = await readBack(await sheetOf(rows));
    const cell = (r: number, c: number) => ws.getRow(r).getCell(c).value;

    expect(ws.name).toBe('测试表');
    expect(cell(1, 1)).toBe('某单位检视问题整改台账');
    expect([cell(2, 1), cell(2, 2), cell(2, 3)]).toEqual(['序号', '文本', '备注']);
    expect(cell(3, 2)).toBe('检视问题整改台账：中文、日本語、한국어');
    expect(cell(4, 2)).toBe('emoji 👍🏽 and 𠮷 (outside the BMP)');
    expect(cell(4, 3)).toBe('🇨🇳');
    expect(cell(5, 2)).toBe('a < b && c > d "quoted" \'single\' </t></is>]]>');
    expect(cell(5, 3)).toBe('&amp; stays literal');
    expect(cell(6, 2)).toBe('ctl gone');
    expect(cell(6, 3)).toBe('lone  high,  low, ok 𠮷');
    expect(cell(7, 2)).toBe('tab\there\nnew line\r\nCRLF and \r CR');
    expect(cell(7, 3)).toBe('  padded  ');
    expect(cell(8, 2)).toBeNull();
    expect(cell(8, 3) ?? '').toBe('');
    expect([cell(9, 1), cell(9, 2), cell(9, 3)]).toEqual([0, -1.5, 123456789012]);
    expect([cell(10, 1), cell(10, 2)]).toEqual([1e21, 0.1 + 0.2]);
    expect(cell(10, 3)).toBe('NaN');
    expect(cell(11, 2)).toBe(big);
    expect(cell(11, 3)).toBeNull();
    expect(ws.rowCount).toBe(11);
  });

  it('writes a valid zip: CRCs, sizes, data descriptor and central directory agree', async () => {
    const rows: CellOut[][] = Array.from({ length: 5_000 }, (_, i) => [
      i + 1,
      `第${i + 1}行 𠮷 <&>`,
      i * 0.5,
    ]);
    const entries = checkZip(await sheetOf(rows));
    expect(entries.map((e) => e.name)).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/workbook.xml',
      'xl/_rels/workbook.xml.rels',
      'xl/styles.xml',
      'xl/worksheets/sheet1.xml',
    ]);
    const sheet = entries[5];
    expect(sheet.flags & 0x0008).toBe(0x0008);
    const xml = sheet.data.toString('utf8');
    expect(xml).toContain('<c r="B5002" t="inlineStr"><is><t>第5000行 𠮷 &lt;&amp;&gt;</t></is></c>');
    expect(xml.endsWith('</worksheet>')).toBe(true);
  });

  it('keeps the exports’ layout: merged bold title, bold centred frozen header, widths, wrapping', async () => {
    const plain = await readBack(await sheetOf([[1, 'x', 'y']]));
    expect(plain.getRow(1).height).toBe(28);
    expect(plain.getCell('A1').font).toMatchObject({ bold: true, size: 16 });
    expect(plain.getCell('A1').alignment).toEqual({ horizontal: 'center', vertical: 'middle' });
    expect(plain.getCell('C1').isMerged).toBe(true);
    expect(plain.getCell('C1').master.address).toBe('A1');
    expect(plain.getCell('B2').font).toMatchObject({ bold: true });
    expect(plain.getCell('B2').alignment).toEqual({ horizontal: 'center' });
    expect(plain.getCell('B3').alignment).toBeUndefined();
    expect(plain.views[0]).toMatchObject({ state: 'frozen', ySplit: 2, topLeftCell: 'A3' });
    expect(plain.columns.map((c) => c.width)).toEqual([6, 40, 12]);

    const wrapped = await readBack(
      await sheetOf([[1, 'x\ny', 'z']], { ...LAYOUT, titleHeight: 30, wrap: true }),
    );
    expect(wrapped.getRow(1).height).toBe(30);
    expect(wrapped.getCell('B2').alignment).toEqual({
      horizontal: 'center',
      vertical: 'middle',
      wrapText: true,
    });
    expect(wrapped.getCell('B3').alignment).toEqual({ vertical: 'top', wrapText: true });
  });

  it('waits for a slow client (drained) and still delivers every row', async () => {
    const chunks: Buffer[] = [];
    const slow = new Writable({
      highWaterMark: 16 * 1024,
      write(chunk: Buffer, _enc, cb) {
        chunks.push(chunk);
        setTimeout(cb, 2);
      },
    });
    const closed = new Promise((r) => slow.on('finish', r));
    let waits = 0;
    const total = 20_000;
    await streamSheet(slow, LAYOUT, async (add, drained) => {
      for (let i = 0; i < total; i += 1000) {
        for (let j = i; j < i + 1000; j++) add([j + 1, `行${j} ${'内容'.repeat(40)} ${Math.random()}`, null]);
        const t = performance.now();
        await drained();
        if (performance.now() - t > 1) waits++;
      }
    });
    await closed;
    expect(waits).toBeGreaterThan(0);
    const ws = await readBack(Buffer.concat(chunks));
    expect(ws.rowCount).toBe(total + 2);
    expect(ws.getRow(total + 2).getCell(1).value).toBe(total);
  });

  it('stops with "export aborted" when the client goes away, without reading further', async () => {
    const out = new PassThrough();
    out.resume();
    let batches = 0;
    const run = streamSheet(out, LAYOUT, async (add, drained) => {
      for (let b = 0; b < 100; b++) {
        batches++;
        for (let i = 0; i < 1000; i++) add([i, `第${i}行`, null]);
        if (b === 2) out.destroy();
        await drained();
      }
    });
    await expect(run).rejects.toThrow('export aborted');
    expect(batches).toBe(3);
  });

  it('refuses a sheet name Excel would reject', () => {
    expect(() => new XlsxStreamWriter(new PassThrough(), { sheetName: 'a/b', widths: [] })).toThrow(
      /sheet name/,
    );
    expect(() => new XlsxStreamWriter(new PassThrough(), { sheetName: 'x'.repeat(32), widths: [] })).toThrow(
      /sheet name/,
    );
  });

  it('names columns as Excel does', () => {
    expect([0, 25, 26, 51, 52, 701, 702, 16383].map(columnName)).toEqual([
      'A',
      'Z',
      'AA',
      'AZ',
      'BA',
      'ZZ',
      'AAA',
      'XFD',
    ]);
  });
});
