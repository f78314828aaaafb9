import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './harness.js';

/**
 * The 整改台账 as offices really handle it: exported by the server, opened and saved again by LibreOffice Calc
 * (package libreoffice-calc-nogui, installed by .ci/run), and imported back.
 */
const run = promisify(execFile);
const HEADERS = [
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
];

let server: RunningServer;
let work: string;
let session: { cookie: string; csrf: string };

async function api(method: string, url: string, body?: object | { file: Buffer; name: string }) {
  const headers: Record<string, string> = { cookie: session.cookie, 'x-csrf-token': session.csrf };
  let payload: BodyInit | undefined;
  if (body && 'file' in body && Buffer.isBuffer(body.file)) {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(body.file)]), body.name);
    payload = form;
  } else if (body) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  return fetch(`${server.baseUrl}${url}`, { method, headers, body: payload });
}

/** LibreOffice headless with its own profile, so parallel runs and a user's desktop session never collide. */
async function soffice(args: string[]) {
  const profile = `file://${path.join(work, 'lo-profile')}`;
  await run('soffice', [`-env:UserInstallation=${profile}`, '--headless', '--norestore', ...args], {
    cwd: work,
    timeout: 120_000,
  });
}

/** RFC 4180 CSV (quoted cells may hold commas, quotes and line breaks) into rows of cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted && ch === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (ch === '"') quoted = !quoted;
    else if (quoted || (ch !== ',' && ch !== '\n' && ch !== '\r')) cell += ch;
    else if (ch === ',') endCell();
    else {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endCell();
      rows.push(row);
      row = [];
    }
  }
  if (cell || row.length) {
    endCell();
    rows.push(row);
  }
  return rows;
}

async function sheetRows(buf: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  const rows: string[][] = [];
  wb.worksheets[0].eachRow((r) => {
    const cells: string[] = [];
    for (let c = 1; c <= HEADERS.length; c++) cells.push(r.getCell(c).text);
    rows.push(cells);
  });
  return rows;
}

const ms = (since: bigint) => Number((process.hrtime.bigint() - since) / 1_000_000n);

describe('整改台账 through LibreOffice Calc', () => {
  let campaignId: number;
  let total: number;
  let exported: Buffer;

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'luoshi-lo-'));
    server = await startServer({ timeoutMs: 300_000 }); // demo seeding is slow on a busy machine
    const res = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'city_admin', password: 'Demo@2023' }),
    });
    expect(res.status).toBe(200);
    session = {
      cookie: (res.headers.get('set-cookie') ?? '').split(';')[0],
      csrf: ((await res.json()) as { csrfToken: string }).csrfToken,
    };
    const campaigns = (await (await api('GET', '/api/v1/campaigns')).json()) as { items: { id: number }[] };
    campaignId = campaigns.items[0].id;
    const list = await api('GET', `/api/v1/problems?campaignId=${campaignId}&pageSize=1`);
    total = ((await list.json()) as { total: number }).total;
    expect(total).toBeGreaterThan(100);
    const xlsx = await api('GET', `/api/v1/problems/export.xlsx?campaignId=${campaignId}`);
    expect(xlsx.status).toBe(200);
    exported = Buffer.from(await xlsx.arrayBuffer());
    await writeFile(path.join(work, 'ledger.xlsx'), exported);
  }, 360_000);
  afterAll(async () => {
    await server?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('opens the exported ledger with the 19 columns and every problem', async () => {
    const t0 = process.hrtime.bigint();
    await soffice(['--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76', 'ledger.xlsx']);
    console.log(`[measure] soffice xlsx → csv, ${total} problems: ${ms(t0)} ms`);
    const rows = parseCsv(await readFile(path.join(work, 'ledger.csv'), 'utf8'));
    expect(rows[0][0]).toContain('检视问题整改台账');
    expect(rows[1]).toEqual(HEADERS);
    const data = rows.slice(2).filter((r) => r.some(Boolean));
    expect(data.length).toBe(total);
    expect(data.map((r) => Number(r[0]))).toEqual(data.map((_, i) => i + 1));
    // multi-line cells survive as one cell: measures one per line, evidence names and the written result
    expect(data.some((r) => r[7].includes('\n2. '))).toBe(true);
    expect(data.some((r) => /^附件：/m.test(r[15]) && /^整改结果：/m.test(r[15]))).toBe(true);
  });

  it('imports the ledger LibreOffice saved again, and export → LibreOffice → import loses nothing', async () => {
    const t0 = process.hrtime.bigint();
    await soffice(['--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', 'resaved', 'ledger.xlsx']);
    console.log(`[measure] soffice xlsx → xlsx re-save, ${total} problems: ${ms(t0)} ms`);
    const resaved = await readFile(path.join(work, 'resaved', 'ledger.xlsx'));
    expect(resaved.equals(exported)).toBe(false);
    const created = await api('POST', '/api/v1/campaigns', {
      code: 'LO-2024',
      name: 'LibreOffice 往返',
      issuingOrgId: (
        (await (await api('GET', `/api/v1/orgs?q=${encodeURIComponent('中共清河市委员会')}`)).json()) as {
          items: { id: number; name: string }[];
        }
      ).items.find((o) => o.name === '中共清河市委员会')!.id,
      goals: [],
      phases: [],
      items: [],
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const target = ((await created.json()) as { id: number }).id;
    const file = { file: resaved, name: '整改台账（LibreOffice）.xlsx' };
    const preview = await api('POST', `/api/v1/problems/import/preview?campaignId=${target}`, file);
    const pv = (await preview.json()) as { ok: boolean; count: number; errors: unknown[] };
    expect(pv.errors).toEqual([]);
    expect([pv.ok, pv.count]).toEqual([true, total]);
    const imported = await api('POST', `/api/v1/problems/import?campaignId=${target}`, file);
    expect(imported.status).toBe(200);
    expect(((await imported.json()) as { count: number }).count).toBe(total);
    const again = await api('GET', `/api/v1/problems/export.xlsx?campaignId=${target}`);
    const before = await sheetRows(exported);
    const after = await sheetRows(Buffer.from(await again.arrayBuffer()));
    // Only the evidence files themselves stay behind (their 附件 lines); every other cell comes back the same.
    const strip = (rows: string[][]) =>
      rows.slice(1).map((r) => r.map((c, i) => (i === 15 ? c.replace(/^附件：.*(\n|$)/gm, '') : c)));
    expect(after.length).toBe(before.length);
    expect(strip(after)).toEqual(strip(before));
  });

  it('imports an office-style ledger typed into LibreOffice (header variants, dates as real dates)', async () => {
    const csv = [
      '东城区朝阳街道机关党支部问题整改清单,,,,,,,,,',
      '编号,问题来源,问题类别,问题描述,整改措施,整改类型,责任单位,责任人,完成时限,佐证材料',
      '1,群众提,为民情怀,"窗口办事排队时间长，群众反映强烈","1. 增设自助终端\n2. 推行错峰预约",' +
        '"立行立改\n限期整改",东城区朝阳街道机关党支部,孙丽,2023/12/31,已增设自助终端2台',
      '2,上级点,工作作风,文山会海问题仍然存在,精简会议文件,长期坚持,东城区朝阳街道机关党支部,孙丽,2024-01-15,',
    ].join('\n');
    await writeFile(path.join(work, 'office.csv'), csv);
    await soffice([
      '--infilter=Text - txt - csv (StarCalc):44,34,76,1,,2052',
      '--convert-to',
      'xlsx:Calc MS Excel 2007 XML',
      '--outdir',
      'office',
      'office.csv',
    ]);
    const buf = await readFile(path.join(work, 'office', 'office.xlsx'));
    const cell = (await sheetRows(buf))[2][8];
    expect(cell).not.toBe('2023/12/31'); // LibreOffice stored it as a date, not as the text typed
    const file = { file: buf, name: 'office.xlsx' };
    const preview = (await (await api('POST', '/api/v1/problems/import/preview', file)).json()) as {
      ok: boolean;
      count: number;
      errors: unknown[];
    };
    expect(preview.errors).toEqual([]);
    expect([preview.ok, preview.count]).toEqual([true, 2]);
    expect((await api('POST', '/api/v1/problems/import', file)).status).toBe(200);
    const found = (await (
      await api('GET', `/api/v1/problems?q=${encodeURIComponent('窗口办事排队时间长')}`)
    ).json()) as { items: { id: number; deadline: string }[] };
    expect(found.items.map((p) => p.deadline)).toEqual(['2023-12-31']);
    const detail = (await (await api('GET', `/api/v1/problems/${found.items[0].id}`)).json()) as {
      resultText: string;
      measures: { text: string; type: string }[];
    };
    expect(detail.resultText).toBe('已增设自助终端2台');
    expect(detail.measures.map((m) => [m.text, m.type])).toEqual([
      ['增设自助终端', 'fix_now'],
      ['推行错峰预约', 'by_deadline'],
    ]);
  });
});
