import ExcelJS from 'exceljs';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../platform/audit/audit.js';
import { auditEvents } from '../../platform/audit/audit.table.js';
import { buildOrg, buildUser, makeTestApp, type Session, type TestApp } from '../../test/app.js';
import { people } from './people.table.js';

type Cell = ExcelJS.CellValue;
const HEADER = ['序号', '姓名', '性别', '所在单位', '职务', '政治面貌', '联系电话'];

async function xlsx(rows: Cell[][], title?: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('人员');
  if (title) {
    ws.addRow([title]);
    ws.mergeCells(1, 1, 1, HEADER.length);
  }
  ws.addRow(HEADER);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function upload(buf: Buffer) {
  const boundary = `----luoshi${Math.random().toString(16).slice(2)}`;
  const head =
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="people.xlsx"\r\n` +
    'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n';
  return {
    payload: Buffer.concat([Buffer.from(head), buf, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

async function load(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  return wb.worksheets[0];
}
const dataRows = (ws: ExcelJS.Worksheet) => ws.getSheetValues().slice(3) as Cell[][];

let t: TestApp;
let city: Session;
let liaison: Session;
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
const get = (s: Session, url: string) => t.app.inject({ method: 'GET', url, headers: s.headers });
const count = async (table: typeof people | typeof auditEvents) =>
  (await t.db.select({ n: sql<number>`count(*)::int` }).from(table))[0].n;

beforeAll(async () => {
  t = await makeTestApp();
  const root = await buildOrg(t.db, { name: '中共清河市委员会', kind: 'committee' });
  const dong = await buildOrg(t.db, { parentId: root.id, name: '东城区委', kind: 'committee' });
  const xi = await buildOrg(t.db, { parentId: root.id, name: '西城区委', kind: 'committee' });
  const dongJg = await buildOrg(t.db, { parentId: dong.id, name: '机关党支部' });
  await buildOrg(t.db, { parentId: xi.id, name: '机关党支部' });
  Object.assign(ids, { root: root.id, dong: dong.id, xi: xi.id, dongJg: dongJg.id });
  await buildUser(t.db, { role: 'office_admin', orgId: root.id, username: 'city' });
  // a liaison may add people but does not see phone numbers in clear
  await buildUser(t.db, { role: 'liaison', orgId: dong.id, username: 'liaison' });
  [city, liaison] = [await t.login('city'), await t.login('liaison')];
});
afterAll(() => t?.close());

describe('people import', () => {
  it('imports a sheet under a title row, reading numbers and rich text as text', async () => {
    const file = await xlsx(
      [
        [
          1,
          { richText: [{ text: '张' }, { text: '伟' }] },
          '男',
          '东城区委/机关党支部',
          '支部书记',
          '中共党员',
          13812345678,
        ],
        [2, '李娜', '女', '东城区委', null, '党员', '0571-87654321'],
        [null, null, null, null, null, null, null],
        [
          3,
          '王芳',
          ' 女 ',
          '东城区委',
          '组织委员',
          '预备党员',
          { formula: '"139"&"00001111"', result: '13900001111' },
        ],
      ],
      '东城区党员信息表',
    );
    const before = await count(people);
    const preview = await post(liaison, '/api/v1/people/import/preview', file);
    expect(preview.json()).toEqual({ ok: true, count: 3, errors: [] });
    expect(await count(people)).toBe(before);

    const audits = await count(auditEvents);
    const res = await post(liaison, '/api/v1/people/import', file);
    expect(res.json()).toEqual({ ok: true, count: 3, errors: [] });
    expect(await count(auditEvents)).toBe(audits + 3);
    const [zhang] = await t.db.select().from(people).where(eq(people.name, '张伟'));
    expect(zhang).toMatchObject({
      orgId: ids.dongJg,
      gender: '男',
      phone: '13812345678',
      politicalStatus: '中共党员',
    });
    const [li] = await t.db.select().from(people).where(eq(people.name, '李娜'));
    expect(li).toMatchObject({
      orgId: ids.dong,
      position: null,
      politicalStatus: '中共党员',
      phone: '0571-87654321',
    });
    const [wang] = await t.db.select().from(people).where(eq(people.name, '王芳'));
    expect(wang).toMatchObject({ gender: '女', politicalStatus: '中共预备党员', phone: '13900001111' });
  });

  it('lists every bad row and writes nobody', async () => {
    const file = await xlsx(
      [
        [1, '赵强', '男', '东城区委', null, '群众', null], // good
        [2, null, '男', '东城区委', null, '群众', null],
        [3, '钱多', '未知', '东城区委', null, '群众', null],
        [4, '孙立', '男', '东城区委', null, '无党派人士', '12345'],
        [5, '周敏', '女', '机关党支部', null, '群众', '138****5678'],
        [6, '吴刚', '男', '不存在的单位', null, '群众', null],
        [7, '郑一', '男', '西城区委', null, '群众', null],
        [8, '名'.repeat(51), '男', '东城区委', '职'.repeat(51), '群众', null],
      ],
      '人员信息表',
    );
    const expected = [
      { row: 4, column: '姓名', message: '姓名不能为空' },
      { row: 5, column: '性别', message: '性别“未知”无效，应填“男”或“女”' },
      {
        row: 6,
        column: '政治面貌',
        message: expect.stringContaining('政治面貌“无党派人士”无效，可填：中共党员、'),
      },
      { row: 6, column: '联系电话', message: '联系电话“12345”格式有误，应为11位手机号或带区号的固定电话' },
      {
        row: 7,
        column: '所在单位',
        message: '所在单位“机关党支部”有2个同名单位，请写成“上级单位名称/单位名称”以区分',
      },
      { row: 7, column: '联系电话', message: '联系电话是脱敏号码，请填写完整号码或留空' },
      { row: 8, column: '所在单位', message: '所在单位“不存在的单位”不存在、已撤销或不在您的管理范围内' },
      { row: 10, column: '姓名', message: '姓名不能超过50个字' },
      { row: 10, column: '职务', message: '职务不能超过50个字' },
    ];
    const before = await count(people);
    const preview = await post(city, '/api/v1/people/import/preview', file);
    expect(preview.json()).toEqual({ ok: false, count: 8, errors: expected });
    const res = await post(city, '/api/v1/people/import', file);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'IMPORT_INVALID',
      message: '导入文件有9处错误，未写入任何数据',
      errors: expected,
    });
    expect(await count(people)).toBe(before);

    // the same file from the liaison: 西城区委 is outside the scope, so the row is an error and nobody is written
    const scoped = await post(liaison, '/api/v1/people/import', file);
    expect(scoped.statusCode).toBe(400);
    expect(scoped.json().errors).toContainEqual({
      row: 9,
      column: '所在单位',
      message: '所在单位“西城区委”不存在、已撤销或不在您的管理范围内',
    });
    expect(await count(people)).toBe(before);
  });
});

describe('people export', () => {
  it('masks phones exactly as the API does for a caller without person.phone', async () => {
    const res = await get(liaison, '/api/v1/people/export');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(res.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('人员信息_')}`,
    );
    const ws = await load(res.rawPayload);
    expect(ws.getCell('A1').value).toBe('人员信息表');
    expect((ws.getRow(2).values as Cell[]).slice(1)).toEqual(HEADER);
    const zhang = dataRows(ws).find((r) => r[2] === '张伟')!;
    // within this caller's scope 机关党支部 is unique, so it needs no qualifying parent
    expect(zhang.slice(1)).toEqual([
      expect.any(Number),
      '张伟',
      '男',
      '机关党支部',
      '支部书记',
      '中共党员',
      '138****5678',
    ]);
    const api = await get(liaison, `/api/v1/people?q=${encodeURIComponent('张伟')}`);
    expect(api.json().items[0].phone).toBe('138****5678');
  });

  it('exports only the scope, and with person.phone re-imports cleanly', async () => {
    await t.db
      .insert(people)
      .values({ orgId: ids.xi, name: '西城人员', gender: '男', politicalStatus: '群众' });
    const mine = dataRows(await load((await get(liaison, '/api/v1/people/export')).rawPayload));
    expect(mine.map((r) => r[2])).not.toContain('西城人员');
    expect((await get(liaison, `/api/v1/people/export?orgId=${ids.xi}`)).statusCode).toBe(404);

    const res = await get(city, `/api/v1/people/export?orgId=${ids.dong}`);
    const exported = dataRows(await load(res.rawPayload));
    const zhang = exported.find((r) => r[2] === '张伟')!;
    expect([zhang[4], zhang[7]]).toEqual(['东城区委/机关党支部', '13812345678']);
    const before = await count(people);
    const again = await post(city, '/api/v1/people/import', res.rawPayload);
    expect(again.json()).toEqual({ ok: true, count: exported.length, errors: [] });
    expect(await count(people)).toBe(before + exported.length);
    const zhangs = await t.db.select().from(people).where(eq(people.name, '张伟'));
    expect(zhangs.map((p) => p.orgId)).toEqual([ids.dongJg, ids.dongJg]);
  });

  it('pages through large exports in batches without losing or repeating a row', async () => {
    const values = Array.from({ length: 4100 }, (_, i) => ({
      orgId: i % 2 ? ids.dong : ids.dongJg,
      name: `批量${i}`,
      gender: '女',
      politicalStatus: '群众',
    }));
    await t.db.insert(people).values(values);
    const [{ n }] = await t.db
      .select({ n: sql<number>`count(*)::int` })
      .from(people)
      .where(sql`${people.active} and ${people.orgId} in (${ids.dong}, ${ids.dongJg})`);
    const rows = dataRows(await load((await get(liaison, '/api/v1/people/export')).rawPayload));
    expect(rows).toHaveLength(n);
    const batch = rows.map((r) => String(r[2])).filter((name) => name.startsWith('批量'));
    expect(new Set(batch).size).toBe(4100);
    expect(rows.map((r) => r[1])).toEqual(rows.map((_, i) => i + 1));
  });
});

describe('people import audit trail', () => {
  it('records each imported person as person.create with the record the API shows, in a chain that verifies', async () => {
    const file = await xlsx([
      [1, '审计甲', '男', '东城区委/机关党支部', '组织委员', '中共党员', '13811112222'],
      [2, '审计乙', '女', '西城区委/机关党支部', '', '群众', ''],
    ]);
    const res = await post(city, '/api/v1/people/import', file);
    expect(res.json()).toEqual({ ok: true, count: 2, errors: [] });
    const created = await t.db
      .select()
      .from(people)
      .where(sql`${people.name} in ('审计甲', '审计乙')`)
      .orderBy(people.id);
    const events = await t.db
      .select()
      .from(auditEvents)
      .where(
        sql`${auditEvents.entityType} = 'person' and ${auditEvents.entityId} in ${created.map((p) => String(p.id))}`,
      )
      .orderBy(auditEvents.id);
    // one event a person, in the order of their ids, by the importer
    expect(events.map((e) => [e.action, e.entityId, e.orgId, e.actorName])).toEqual(
      created.map((p) => ['person.create', String(p.id), p.orgId, expect.any(String)]),
    );
    expect(new Set(events.map((e) => e.actorId)).size).toBe(1);
    for (const [i, p] of created.entries()) {
      const shown = (await get(city, `/api/v1/people/${p.id}`)).json<Record<string, unknown>>();
      // the person as GET shows it, the phone never in clear in the log
      expect(events[i].after).toEqual({ ...shown, phone: shown.phone === null ? null : '***' });
    }
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });
});
