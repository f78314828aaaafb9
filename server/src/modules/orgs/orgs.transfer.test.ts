import ExcelJS from 'exceljs';
import { eq, sql } from 'drizzle-orm';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../../platform/access/load-actor.js';
import { auditEvents } from '../../platform/audit/audit.table.js';
import { users } from '../../platform/auth/auth.table.js';
import { systemCtx } from '../../platform/context.js';
import { buildOrg, buildUser, makeTestApp, type Session, type TestApp } from '../../test/app.js';
import { orgs } from './orgs.table.js';
import { exportOrgsFile, importOrgsFile } from './orgs.transfer.js';

type Cell = ExcelJS.CellValue;
const HEADER = ['序号', '单位名称', '简称', '上级单位', '单位类型', '分类', '排序号'];

/** An .xlsx built in memory, optionally with a merged title row above the header. */
async function xlsx(rows: Cell[][], opts: { title?: string; header?: string[] } = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  const header = opts.header ?? HEADER;
  if (opts.title) {
    ws.addRow([opts.title]);
    ws.mergeCells(1, 1, 1, header.length);
  }
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function upload(buf: Buffer, field = 'file') {
  const boundary = `----luoshi${Math.random().toString(16).slice(2)}`;
  const head =
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="orgs.xlsx"\r\n` +
    'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n';
  return {
    payload: Buffer.concat([Buffer.from(head), buf, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

let t: TestApp;
let city: Session;
let east: Session;
let reader: Session;
const ids: Record<string, number> = {};

async function post(s: Session, url: string, buf: Buffer) {
  const u = upload(buf);
  return t.app.inject({
    method: 'POST',
    url,
    headers: { ...s.headers, 'content-type': u.contentType },
    payload: u.payload,
  });
}

const count = async (table: typeof orgs | typeof auditEvents) =>
  (await t.db.select({ n: sql<number>`count(*)::int` }).from(table))[0].n;

beforeAll(async () => {
  t = await makeTestApp();
  const root = await buildOrg(t.db, { name: '中共清河市委员会', kind: 'committee' });
  const dong = await buildOrg(t.db, { parentId: root.id, name: '东城区委', kind: 'committee' });
  const xi = await buildOrg(t.db, { parentId: root.id, name: '西城区委', kind: 'committee' });
  const dongJg = await buildOrg(t.db, { parentId: dong.id, name: '机关党支部' });
  await buildOrg(t.db, { parentId: xi.id, name: '机关党支部' });
  await buildOrg(t.db, { parentId: dongJg.id, name: '机关第一党小组', kind: 'other' });
  Object.assign(ids, { root: root.id, dong: dong.id, xi: xi.id });
  await buildUser(t.db, { role: 'office_admin', orgId: root.id, username: 'city' });
  await buildUser(t.db, { role: 'unit_admin', orgId: dong.id, username: 'east' });
  await buildUser(t.db, { role: 'member', orgId: dong.id, username: 'reader' });
  [city, east, reader] = [await t.login('city'), await t.login('east'), await t.login('reader')];
});
afterAll(() => t?.close());

describe('org import', () => {
  it('reads a sheet under a title row and creates a 3-level subtree defined in the file, children first', async () => {
    const file = await xlsx(
      [
        // the 3rd level comes before its parents: rows are created in dependency order
        [
          1,
          { richText: [{ text: '第一' }, { text: '党支部', font: { bold: true } }] },
          null,
          '区实验中学党总支',
          '党支部',
          null,
          null,
        ],
        [
          2,
          '东城区委教育工委',
          '教育工委',
          '东城区委',
          'working_committee',
          null,
          { formula: '2+3', result: 5 },
        ],
        [3, '区实验中学党总支', null, '东城区委教育工委', '党总支', null, 1],
      ],
      {
        title: '清河市党组织信息表',
        header: ['序号', ' 单位 名称 ', '简称', '*上级单位', '单位类型', '分类', '排序号'],
      },
    );
    const before = await count(orgs);
    const preview = await post(east, '/api/v1/orgs/import/preview', file);
    expect(preview.json()).toEqual({ ok: true, count: 3, errors: [] });
    expect(await count(orgs)).toBe(before);

    const auditBefore = await count(auditEvents);
    const res = await post(east, '/api/v1/orgs/import', file);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true, count: 3, errors: [] });
    expect(await count(auditEvents)).toBe(auditBefore + 3);

    const [gw] = await t.db.select().from(orgs).where(eq(orgs.name, '东城区委教育工委'));
    const [zz] = await t.db.select().from(orgs).where(eq(orgs.name, '区实验中学党总支'));
    const [zb] = await t.db.select().from(orgs).where(eq(orgs.name, '第一党支部'));
    expect(gw).toMatchObject({
      parentId: ids.dong,
      kind: 'working_committee',
      shortName: '教育工委',
      sortOrder: 5,
    });
    expect(zz).toMatchObject({ parentId: gw.id, kind: 'general_branch', depth: 3 });
    expect(zb).toMatchObject({ parentId: zz.id, kind: 'branch', depth: 4, path: `${zz.path}.${zb.id}` });
  });

  it('lists every bad row with its Excel row number, column and reason, and writes nothing', async () => {
    const long = '长'.repeat(101);
    const file = await xlsx(
      [
        [1, '新建党支部甲', null, '西城区委', '党支部', null, null], // good
        [2, null, null, '西城区委', '党支部', null, null],
        [3, '新建党支部乙', null, '西城区委', '党小组', null, null],
        [4, '新建党支部丙', null, '不存在的单位', '党支部', null, null],
        [5, '新建党支部丁', null, '机关党支部', '党支部', null, null],
        [6, '新建党支部甲', null, '西城区委', '党支部', null, null],
        [7, '东城区委教育工委', null, '东城区委', '党支部', null, null],
        [8, long, null, '西城区委', '党支部', null, 'abc'],
        [9, '循环甲', null, '循环乙', '党支部', null, null],
        [10, '循环乙', null, '循环甲', '党支部', null, null],
        [11, '新建党支部戊', null, '西城区委', '党支部', '不存在的分类', null],
      ],
      { title: '组织机构信息表' },
    );
    const expected = [
      { row: 4, column: '单位名称', message: '单位名称不能为空' },
      { row: 5, column: '单位类型', message: expect.stringContaining('单位类型“党小组”无效，可填：党委、') },
      { row: 6, column: '上级单位', message: '上级单位“不存在的单位”不存在、已撤销或不在您的管理范围内' },
      {
        row: 7,
        column: '上级单位',
        message: '上级单位“机关党支部”有2个同名单位，请写成“上级单位名称/单位名称”以区分',
      },
      { row: 8, column: '单位名称', message: '与第3行重复：同一上级单位下不能有同名单位' },
      { row: 9, column: '单位名称', message: '上级单位“东城区委”下已有名为“东城区委教育工委”的单位' },
      { row: 10, column: '单位名称', message: '单位名称不能超过100个字' },
      { row: 10, column: '排序号', message: '排序号应为0到1000000之间的整数' },
      { row: 11, column: '上级单位', message: '上级单位形成循环引用（第11、12行）' },
      { row: 12, column: '上级单位', message: '上级单位形成循环引用（第11、12行）' },
      { row: 13, column: '分类', message: '分类“不存在的分类”不存在' },
    ];
    const before = await count(orgs);
    const preview = await post(city, '/api/v1/orgs/import/preview', file);
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toEqual({ ok: false, count: 11, errors: expected });

    const res = await post(city, '/api/v1/orgs/import', file);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'IMPORT_INVALID',
      message: '导入文件有11处错误，未写入任何数据',
      errors: expected,
    });
    expect(await count(orgs)).toBe(before);
    expect(await t.db.select().from(orgs).where(eq(orgs.name, '新建党支部甲'))).toEqual([]);
  });

  it('resolves a repeated name qualified by its parent, in the database and in the file', async () => {
    const file = await xlsx([
      [1, '机关第二党小组', null, '西城区委/机关党支部', '其他', null, null],
      [2, '第二机关党支部', null, '东城区委', '党支部', null, null],
      [3, '机关党支部', null, '第二机关党支部', '党支部', null, null],
      [4, '机关党小组', null, '第二机关党支部/机关党支部', '其他', null, null],
    ]);
    const res = await post(city, '/api/v1/orgs/import', file);
    expect(res.json()).toEqual({ ok: true, count: 4, errors: [] });
    const [g] = await t.db.select().from(orgs).where(eq(orgs.name, '机关第二党小组'));
    const [p] = await t.db.select().from(orgs).where(eq(orgs.id, g.parentId!));
    expect(p.parentId).toBe(ids.xi);
  });

  it('keeps to the caller’s scope: a parent outside it is an error, not a write', async () => {
    const before = await count(orgs);
    const file = await xlsx([
      [1, '越权党支部', null, '西城区委', '党支部', null, null],
      [2, '越权党支部二', null, '中共清河市委员会', '党支部', null, null],
      [3, '本级党支部', null, '东城区委', '党支部', null, null],
    ]);
    const res = await post(east, '/api/v1/orgs/import', file);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      { row: 2, column: '上级单位', message: '上级单位“西城区委”不存在、已撤销或不在您的管理范围内' },
      { row: 3, column: '上级单位', message: '上级单位“中共清河市委员会”不存在、已撤销或不在您的管理范围内' },
    ]);
    expect(await count(orgs)).toBe(before);
    // read-only roles may not import at all
    expect((await post(reader, '/api/v1/orgs/import/preview', file)).statusCode).toBe(403);
  });

  it('rejects a file that is not an .xlsx, or has no header row, with a clear 400', async () => {
    const csv = await post(east, '/api/v1/orgs/import/preview', Buffer.from('单位名称,上级单位\n甲,乙\n'));
    expect(csv.statusCode).toBe(400);
    expect(csv.json()).toMatchObject({ code: 'FILE_INVALID', message: expect.stringContaining('.xlsx') });
    const noHeader = await post(
      east,
      '/api/v1/orgs/import/preview',
      await xlsx([[1, '甲']], { header: ['序号', '名称'] }),
    );
    expect(noHeader.statusCode).toBe(400);
    expect(noHeader.json().message).toContain('未找到表头行');
    const json = await t.app.inject({
      method: 'POST',
      url: '/api/v1/orgs/import',
      headers: east.headers,
      payload: {},
    });
    expect(json.statusCode).toBe(400);
    expect(json.json().code).toBe('FILE_INVALID');
  });
});

async function load(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  return wb.worksheets[0];
}
const values = (ws: ExcelJS.Worksheet, n: number) => (ws.getRow(n).values as Cell[]).slice(1);

describe('org export', () => {
  it('streams the subtree as .xlsx in the import layout', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/orgs/export?rootId=${ids.dong}`,
      headers: city.headers,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="orgs_\d{8}\.xlsx"; filename\*=UTF-8''%E7%BB%84%E7%BB%87%E6%9C%BA%E6%9E%84_\d{8}\.xlsx$/,
    );
    const ws = await load(res.rawPayload);
    expect(ws.getCell('A1').value).toBe('组织机构信息表');
    expect(ws.getCell('G1').isMerged).toBe(true);
    expect(values(ws, 2)).toEqual(HEADER);
    expect(ws.getCell('B2').font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(ws.getColumn(2).width).toBe(36);
    expect(values(ws, 3)).toEqual(
      [1, '东城区委', null, '中共清河市委员会', '党委', null, 0].map((v) => v ?? undefined),
    );
    const rows = ws.getSheetValues().slice(3) as Cell[][];
    const byName = new Map(rows.map((r) => [r[2], r]));
    // 机关党支部 repeats in the city, so its child names it with its parent
    expect(byName.get('机关第一党小组')?.[4]).toBe('东城区委/机关党支部');
    expect(byName.get('区实验中学党总支')?.[4]).toBe('东城区委教育工委');
    expect(rows.some((r) => r[2] === '机关第二党小组')).toBe(false);
  });

  it('exports only the caller’s scope, and 404s a root outside it', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/orgs/export', headers: east.headers });
    const ws = await load(res.rawPayload);
    const rows = ws.getSheetValues().slice(3) as Cell[][];
    expect(rows[0][2]).toBe('东城区委');
    expect(rows[0][4]).toBeUndefined(); // the scope root's parent is not visible to this caller
    expect(rows.map((r) => r[2])).not.toContain('西城区委');
    const [{ n }] = await t.db
      .select({ n: sql<number>`count(*)::int` })
      .from(orgs)
      .where(sql`${orgs.path} <@ (select path from orgs where id = ${ids.dong})`);
    expect(rows).toHaveLength(n);
    const outside = await t.app.inject({
      method: 'GET',
      url: `/api/v1/orgs/export?rootId=${ids.xi}`,
      headers: east.headers,
    });
    expect(outside.statusCode).toBe(404);
  });

  it('re-imports an exported subtree under another parent', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/orgs/export?rootId=${ids.dong}`,
      headers: city.headers,
    });
    const ws = await load(res.rawPayload);
    ws.getCell('D3').value = '西城区委';
    const file = Buffer.from(await ws.workbook.xlsx.writeBuffer());
    const exported = ws.getSheetValues().slice(3) as Cell[][];

    const imported = await post(city, '/api/v1/orgs/import', file);
    expect(imported.json()).toEqual({ ok: true, count: exported.length, errors: [] });
    const [copy] = await t.db
      .select()
      .from(orgs)
      .where(sql`${orgs.parentId} = ${ids.xi} and ${orgs.name} = '东城区委'`);
    const subtree = await t.db
      .select()
      .from(orgs)
      .where(sql`${orgs.path} <@ ${copy.path}::ltree`);
    const shape = (
      r: { name: string; parentId: number | null; kind: string },
      all: (typeof subtree)[number][],
    ) => `${all.find((p) => p.id === r.parentId)?.name ?? '-'}>${r.name}:${r.kind}`;
    const original = await t.db
      .select()
      .from(orgs)
      .where(sql`${orgs.path} <@ (select path from orgs where id = ${ids.dong})`);
    const allOrgs = await t.db.select().from(orgs);
    expect(subtree.map((r) => shape(r, allOrgs)).sort()).toEqual(
      original.map((r) => shape(r, allOrgs).replace(/^中共清河市委员会>/, '西城区委>')).sort(),
    );
  });
});

describe('org files (CLI)', () => {
  it('exports to a file and imports from one, writing only a valid file', async () => {
    const [u] = await t.db.select().from(users).where(eq(users.username, 'city'));
    const ctx = { ...systemCtx('cli'), actor: (await loadActor(t.db, u.id))! };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-orgs-'));
    try {
      const file = path.join(dir, 'xi.xlsx');
      await exportOrgsFile(t.db, ctx, file, ids.xi);
      const ws = await load(fs.readFileSync(file));
      expect(ws.getCell('B3').value).toBe('西城区委');

      const bad = path.join(dir, 'bad.xlsx');
      fs.writeFileSync(bad, await xlsx([[1, '命令行党支部', null, '西城区委', '无效类型', null, null]]));
      const before = await count(orgs);
      const result = await importOrgsFile(t.db, ctx, bad);
      expect(result).toMatchObject({ ok: false, count: 1, errors: [{ row: 2, column: '单位类型' }] });
      expect(await count(orgs)).toBe(before);

      const good = path.join(dir, 'good.xlsx');
      fs.writeFileSync(good, await xlsx([[1, '命令行党支部', null, '西城区委', '党支部', null, null]]));
      expect(await importOrgsFile(t.db, ctx, good)).toEqual({ ok: true, count: 1, errors: [] });
      expect(await count(orgs)).toBe(before + 1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
