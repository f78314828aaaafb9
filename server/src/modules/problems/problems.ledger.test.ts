import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaigns } from '../campaigns/campaigns.table.js';
import { buildOrg, makeTestApp, type Session, type TestApp } from '../../test/app.js';
import { demoFixture, sheetRows, upload } from './problems.fixture.js';
import { problems } from './problems.table.js';
import type { TProblemItem, TRollupRow } from './problems.schemas.js';

let t: TestApp;
let f: Awaited<ReturnType<typeof demoFixture>>;
beforeAll(async () => {
  t = await makeTestApp({ demo: true });
  f = await demoFixture(t);
});
afterAll(() => t.close());

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
type List = {
  items: TProblemItem[];
  total: number;
  counts: { status: Record<string, number>; light: Record<string, number> };
};

async function create(orgId: number, extra: Record<string, unknown> = {}) {
  const r = await f.send(f.s.city, 'POST', '/api/v1/problems', {
    campaignId: f.ids.campaign,
    orgId,
    title: '工作效率不高',
    manifestation: '审批时限偏长，群众多次跑腿',
    category: '工作效率',
    source: 'public',
    deadline: inDays(40),
    open: true,
    ...extra,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

async function xlsxPost(who: Session, url: string, buf: Buffer) {
  const mp = upload(buf, 'ledger.xlsx');
  const r = await t.app.inject({
    method: 'POST',
    url,
    payload: mp.payload,
    headers: { ...who.headers, 'content-type': mp.contentType },
  });
  return {
    status: r.statusCode,
    body: r.json() as {
      ok: boolean;
      count: number;
      errors: { row: number; column: string; message: string }[];
    },
  };
}

describe('the demo ledger', () => {
  it('lists the whole city with counts per status and light, and says how fast', async () => {
    let r = await f.get<List>(f.s.city, '/api/v1/problems?pageSize=200');
    // Wall time, and this process's CPU time (PGlite runs in-process): the figure a busy machine does not skew.
    for (const size of [20, 200]) {
      const url = `/api/v1/problems?pageSize=${size}`;
      for (let i = 0; i < 3; i++) await f.get(f.s.city, url);
      const wall: number[] = [];
      const cpu: number[] = [];
      for (let i = 0; i < 9; i++) {
        const c0 = process.cpuUsage();
        const started = performance.now();
        r = await f.get<List>(f.s.city, url);
        wall.push(performance.now() - started);
        const c = process.cpuUsage(c0);
        cpu.push((c.user + c.system) / 1000);
      }
      const med = (xs: number[]) => xs.sort((a, b) => a - b)[4].toFixed(1);
      console.log(
        `[measure] GET ${url}, city, ${r.body.total} problems: median ${med(wall)} ms wall, ${med(cpu)} ms CPU`,
      );
    }
    expect(r.body.total).toBeGreaterThanOrEqual(300);
    for (const s of ['draft', 'open', 'in_progress', 'submitted', 'signed_off', 'cancelled'])
      expect(r.body.counts.status[s], s).toBeGreaterThan(0);
    for (const l of ['red', 'yellow', 'blue', 'green', 'none'])
      expect(r.body.counts.light[l], l).toBeGreaterThan(0);
    const sum = Object.values(r.body.counts.status).reduce((a, b) => a + b, 0);
    expect(sum).toBe(r.body.total);
  });

  it('pages follow the sort without overlap', async () => {
    for (const sort of ['number', '-deadline']) {
      const page = async (n: number) =>
        (await f.get<List>(f.s.city, `/api/v1/problems?pageSize=20&page=${n}&sort=${sort}`)).body.items;
      const all = (await f.get<List>(f.s.city, `/api/v1/problems?pageSize=60&sort=${sort}`)).body.items;
      const three = [...(await page(1)), ...(await page(2)), ...(await page(3))];
      expect(
        three.map((p) => p.id),
        sort,
      ).toEqual(all.map((p) => p.id));
      expect(new Set(three.map((p) => p.id)).size).toBe(60);
    }
  });

  it('keeps the district inside its subtree', async () => {
    const city = (await f.get<List>(f.s.city, '/api/v1/problems?pageSize=1')).body.total;
    const district = (await f.get<List>(f.s.district, '/api/v1/problems?pageSize=1')).body.total;
    const filtered = (await f.get<List>(f.s.city, `/api/v1/problems?pageSize=1&orgId=${f.ids.district}`)).body
      .total;
    expect(district).toBe(filtered);
    expect(district).toBeLessThan(city);
  });
});

describe('filters and counts', () => {
  let unit: number;
  beforeAll(async () => {
    unit = (await buildOrg(t.db, { parentId: f.ids.branch, name: '筛选测试小组' })).id;
    await create(unit, {
      title: '窗口服务推诿扯皮',
      manifestation: '窗口人员推诿扯皮',
      deadline: inDays(-3),
    });
    await create(unit, { source: 'audit', category: '廉洁自律', deadline: inDays(3) });
    await create(unit, { deadline: inDays(60) });
    await create(unit, { open: false, deadline: inDays(60) });
  });
  const list = async (q: string) => (await f.get<List>(f.s.city, `/api/v1/problems?orgId=${unit}&${q}`)).body;

  it('filters by status, light, source, category, text and deadline, with counts for the filter', async () => {
    const all = await list('');
    expect(all.total).toBe(4);
    expect(all.counts.status).toEqual({ open: 3, draft: 1 });
    expect(all.counts.light).toEqual({ red: 1, blue: 1, green: 1, none: 1 });
    expect((await list('light=red')).items.map((i) => i.title)).toEqual(['窗口服务推诿扯皮']);
    expect((await list('status=draft')).total).toBe(1);
    expect((await list('source=audit')).total).toBe(1);
    expect((await list(`category=${encodeURIComponent('廉洁自律')}`)).total).toBe(1);
    expect((await list(`q=${encodeURIComponent('推诿')}`)).total).toBe(1);
    expect((await list(`deadlineFrom=${inDays(0)}&deadlineTo=${inDays(10)}`)).total).toBe(1);
    const sorted = await list('sort=-deadline');
    expect(sorted.items[sorted.items.length - 1].light).toBe('red');
  });

  it('answers 400 naming the field for a bad filter', async () => {
    const r = await f.get(f.s.city, '/api/v1/problems?deadlineFrom=2023-13-01&light=purple');
    expect(r.status).toBe(400);
    expect((r.body.fields ?? []).map((x) => x.field).sort()).toEqual(['deadlineFrom', 'light']);
  });
});

describe('rollup by child unit', () => {
  it('counts per child from one grouped query, with rates', async () => {
    const top = await buildOrg(t.db, { parentId: f.ids.district, name: '汇总测试党委' });
    const a = await buildOrg(t.db, { parentId: top.id, name: '汇总测试甲支部' });
    const b = await buildOrg(t.db, { parentId: top.id, name: '汇总测试乙支部' });
    const a1 = await buildOrg(t.db, { parentId: a.id, name: '汇总测试甲一小组' });
    await create(a.id, { deadline: inDays(-1) });
    await create(a1.id);
    await create(b.id, { open: false });
    const done = await create(b.id, { deadline: inDays(5) });
    const late = await create(b.id, { deadline: inDays(-5) });
    await create(top.id);
    await t.db
      .update(problems)
      .set({ status: 'signed_off', signedOffAt: new Date() })
      .where(eq(problems.id, done.id));
    await t.db
      .update(problems)
      .set({ status: 'signed_off', signedOffAt: new Date() })
      .where(eq(problems.id, late.id));
    const r = await f.get<{ self: TRollupRow; children: TRollupRow[]; total: TRollupRow }>(
      f.s.district,
      `/api/v1/problems/rollup?orgId=${top.id}`,
    );
    expect(r.status).toBe(200);
    const [ra, rb] = r.body.children;
    expect([ra.orgName, ra.total, ra.open, ra.overdue, ra.childCount]).toEqual([
      '汇总测试甲支部',
      2,
      2,
      1,
      1,
    ]);
    expect([rb.orgName, rb.total, rb.signedOff, rb.signOffRate, rb.onTimeRate]).toEqual([
      '汇总测试乙支部',
      2,
      2,
      1,
      0.5,
    ]);
    expect(r.body.self.total).toBe(1);
    expect(r.body.total.total).toBe(5);
    const out = await f.get(f.s.district, `/api/v1/problems/rollup?orgId=${f.ids.xicheng}`);
    expect(out.status).toBe(404);
    const cityRoll = await f.get<{ children: TRollupRow[] }>(f.s.city, '/api/v1/problems/rollup');
    expect(cityRoll.body.children.length).toBeGreaterThan(5);
  });
});

describe('Excel ledger', () => {
  it('exports the 整改台账 columns and round-trips through import', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/problems/export.xlsx?orgId=${f.ids.branch}`,
      headers: { cookie: f.s.city.cookie },
    });
    expect(res.statusCode).toBe(200);
    const rows = await sheetRows(res.rawPayload);
    expect(rows[0][0]).toContain('整改台账');
    expect(rows[1]).toEqual([
      '序号',
      '问题编号',
      '问题来源',
      '问题类别',
      '问题表现',
      '根源剖析',
      '整改目标',
      '整改措施',
      '整改类型',
      '责任领导',
      '责任单位',
      '责任人',
      '整改时限',
      '整改进展',
      '整改状态',
      '佐证材料',
      '建章立制',
      '销号情况',
      '是否公开',
    ]);
    expect(rows.length).toBeGreaterThan(20);
    const [c] = await t.db
      .insert(campaigns)
      .values({ code: 'RT-2024', name: '往返测试', issuingOrgId: f.ids.district - 0 })
      .returning({ id: campaigns.id });
    const preview = await xlsxPost(
      f.s.city,
      `/api/v1/problems/import/preview?campaignId=${c.id}`,
      res.rawPayload,
    );
    expect(preview.body.errors).toEqual([]);
    const imported = await xlsxPost(f.s.city, `/api/v1/problems/import?campaignId=${c.id}`, res.rawPayload);
    expect([imported.status, imported.body.count]).toEqual([200, rows.length - 2]);
    const again = await t.app.inject({
      method: 'GET',
      url: `/api/v1/problems/export.xlsx?orgId=${f.ids.branch}&campaignId=${c.id}`,
      headers: { cookie: f.s.city.cookie },
    });
    const back = await sheetRows(again.rawPayload);
    // 佐证材料 (index 15) names the evidence files and carries the written result.
    const evidence = rows.slice(2).map((r) => r[15]);
    expect(evidence.some((e) => /^附件：.+/m.test(e))).toBe(true);
    expect(evidence.some((e) => /^整改结果：各项整改措施已落实到位/m.test(e))).toBe(true);
    // Evidence files themselves do not travel through Excel: only their 附件 lines are missing after import;
    // the written result comes back.
    const strip = (r: string[][]) =>
      r.slice(1).map((x) => x.map((c, i) => (i === 15 ? c.replace(/^附件：.*(\n|$)/gm, '') : c)));
    expect(back.slice(2).some((r) => r[15].startsWith('整改结果：'))).toBe(true);
    expect(strip(back)).toEqual(strip(rows));
  });

  it('imports an office-style ledger with header variants and date formats, all or nothing', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('台账');
    ws.addRow(['东城区朝阳街道机关党支部问题整改清单']);
    ws.addRow([
      '编号',
      '问题来源',
      '问题类别',
      '问题描述',
      '整改措施',
      '整改类型',
      '责任单位',
      '责任人',
      '完成时限',
      '整改状态',
    ]);
    const base = [
      '自己找',
      '工作作风',
      '会议多文件多，基层负担重',
      '1. 精简会议\n2. 建立发文审核制度（时限：2024年3月1日）',
      '立行立改\n长期坚持',
      '东城区朝阳街道机关党支部',
      '孙丽',
    ];
    ws.addRow([1, ...base, '2023年10月31日', '整改中']);
    ws.addRow([2, ...base, '2023.11.30', '']);
    ws.addRow([3, ...base, '2023/12/31', '待整改']);
    ws.addRow([4, ...base, new Date(Date.UTC(2024, 0, 15)), '待整改']);
    ws.addRow([
      5,
      '路边听说',
      '工作作风',
      '问题',
      '措施',
      '立行立改',
      '中共清河市西城区委员会',
      '',
      '2023年2月30日',
      '差不多',
    ]);
    const bad = Buffer.from(await wb.xlsx.writeBuffer());
    const preview = await xlsxPost(f.s.district, '/api/v1/problems/import/preview', bad);
    expect(preview.body.ok).toBe(false);
    expect(preview.body.errors.map((e) => [e.row, e.column])).toEqual([
      [7, '问题来源'],
      [7, '整改时限'],
      [7, '整改状态'],
      [7, '责任单位'],
    ]);
    const before = (await f.get<List>(f.s.district, '/api/v1/problems?pageSize=1')).body.total;
    const failed = await xlsxPost(f.s.district, '/api/v1/problems/import', bad);
    expect(failed.status).toBe(400);
    expect((await f.get<List>(f.s.district, '/api/v1/problems?pageSize=1')).body.total).toBe(before);
    ws.spliceRows(7, 1);
    const good = Buffer.from(await wb.xlsx.writeBuffer());
    const ok = await xlsxPost(f.s.district, '/api/v1/problems/import', good);
    expect([ok.status, ok.body.count]).toEqual([200, 4]);
    const list = (
      await f.get<List>(
        f.s.district,
        `/api/v1/problems?pageSize=200&sort=-number&q=${encodeURIComponent('会议多文件多')}`,
      )
    ).body;
    expect(list.items.map((i) => i.deadline).sort()).toEqual([
      '2023-10-31',
      '2023-11-30',
      '2023-12-31',
      '2024-01-15',
    ]);
    const one = (await f.get(f.s.district, `/api/v1/problems/${list.items[0].id}`)).body;
    expect(one.measures.map((m) => [m.text, m.type, m.deadline])).toEqual([
      ['精简会议', 'fix_now', null],
      ['建立发文审核制度', 'lasting', '2024-03-01'],
    ]);
  });
});
