import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaigns } from '../modules/campaigns/campaigns.table.js';
import { makeTestApp, type Session, type TestApp } from './app.js';

/**
 * For every route in the app's route table, `district_admin` (scope: 东城区) must get 404/403 on records outside
 * 东城区, and no list, export or search may carry a row from outside it. A route added without a sample here
 * fails the suite, so each new route joins the matrix.
 */
let t: TestApp;
let district: Session;
let city: Session;
const foreign = { org: 0, person: 0, user: 0, grant: 0, campaign: 0, orgName: '', personName: '' };

const PUBLIC = new Set(['GET /api/health', 'GET /api/v1/meta', 'GET /api/openapi.json']);
const SELF = /^\/api\/v1\/auth\//; // the caller's own session: no foreign record exists

/** A valid body for each state-changing route, aimed at a record or parent outside 东城区. */
function sampleBody(method: string, url: string): object | undefined {
  const key = `${method} ${url}`;
  const samples: Record<string, object> = {
    'POST /api/v1/orgs': { parentId: foreign.org, name: '越权新建支部', kind: 'branch' },
    'PATCH /api/v1/orgs/:id': { version: 1, name: '越权改名' },
    'POST /api/v1/orgs/:id/move': { version: 1, parentId: foreign.org },
    'POST /api/v1/orgs/:id/close': { version: 1, reason: '越权撤销' },
    'POST /api/v1/orgs/:id/reopen': { version: 1 },
    'POST /api/v1/people': {
      orgId: foreign.org,
      name: '越权新增',
      gender: '男',
      politicalStatus: '中共党员',
    },
    'PATCH /api/v1/people/:id': { version: 1, name: '越权改名' },
    'POST /api/v1/people/:id/deactivate': { version: 1 },
    'POST /api/v1/users': {
      username: 'xw_user',
      displayName: '越权',
      orgId: foreign.org,
      password: 'Qinghe#2026x',
    },
    'PATCH /api/v1/users/:id': { version: 1, displayName: '越权' },
    'POST /api/v1/users/:id/reset-password': { password: 'Qinghe#2026x' },
    'POST /api/v1/users/:id/unlock': {},
    'POST /api/v1/grants': { userId: foreign.user, roleId: 1, orgId: foreign.org },
    'DELETE /api/v1/grants/:id': {},
    'PUT /api/v1/settings/security': {
      passwordMinLength: 8,
      passwordMinClasses: 1,
      lockoutThreshold: 20,
      lockoutMinutes: 1,
      sessionTtlMinutes: 10080,
      version: 0,
    },
  };
  return samples[key];
}

function idFor(url: string): number {
  const seg = url.split('/')[3];
  const ids: Record<string, number> = {
    orgs: foreign.org,
    people: foreign.person,
    users: foreign.user,
    grants: foreign.grant,
    campaigns: foreign.campaign,
  };
  return ids[seg] ?? 0;
}

async function xlsxAimedOutside(url: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  if (url.includes('/people/')) {
    ws.addRow(['序号', '姓名', '性别', '所在单位', '职务', '政治面貌', '联系电话']);
    ws.addRow([1, '越权导入', '男', foreign.orgName, '党员', '中共党员', '13800000000']);
  } else {
    ws.addRow(['序号', '单位名称', '简称', '上级单位', '单位类型', '分类', '排序号']);
    ws.addRow([1, '越权导入支部', '', foreign.orgName, '党支部', '', 1]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function multipart(file: Buffer) {
  const boundary = '----luoshitest';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), file, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

async function bodyText(res: { headers: Record<string, unknown>; rawPayload: Buffer; body: string }) {
  if (String(res.headers['content-type']).includes('spreadsheetml')) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const cells: string[] = [];
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => cells.push(String(c.text)))));
    return cells.join('\n');
  }
  return res.body;
}

beforeAll(async () => {
  t = await makeTestApp({ demo: true });
  district = await t.login('district_admin');
  city = await t.login('city_admin');
  const get = (url: string) =>
    t.app.inject({ method: 'GET', url, headers: { cookie: city.cookie } }).then((r) => r.json());
  const xc = (await get(`/api/v1/orgs?q=${encodeURIComponent('中共清河市西城区委员会')}`)).items[0];
  foreign.org = xc.id;
  foreign.orgName = xc.name;
  // A person of 西城区 whose name nobody else in the city has, so finding the name anywhere is a leak.
  const candidates = (await get(`/api/v1/people?orgId=${xc.id}&pageSize=100`)).items as {
    id: number;
    name: string;
  }[];
  for (const p of candidates) {
    if ((await get(`/api/v1/people?q=${encodeURIComponent(p.name)}`)).total === 1) {
      foreign.person = p.id;
      foreign.personName = p.name;
      break;
    }
  }
  expect(foreign.personName).not.toBe('');
  // A campaign of 西城区's own: it does not reach 东城区.
  const [c] = await t.db
    .insert(campaigns)
    .values({ code: 'XC-1', name: '西城区专项学习', issuingOrgId: xc.id })
    .returning({ id: campaigns.id });
  foreign.campaign = c.id;
  const sec = await t.login('secadmin');
  const grants = (
    await t.app.inject({ method: 'GET', url: '/api/v1/grants?pageSize=200', headers: { cookie: sec.cookie } })
  ).json().items as { id: number; userId: number; username: string }[];
  const liaison = grants.find((g) => g.username === 'dept_liaison')!;
  foreign.grant = liaison.id;
  foreign.user = liaison.userId;
});
afterAll(() => t.close());

describe('district_admin against every route', () => {
  it('covers the whole route table', async () => {
    const routes = t.app.routeTable.filter(
      (r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'),
    );
    expect(routes.length).toBeGreaterThan(25);
    const checked: string[] = [];
    for (const r of routes) {
      const key = `${r.method} ${r.url}`;
      if (PUBLIC.has(key) || SELF.test(r.url)) continue;
      const url = r.url.replace(':id', String(idFor(r.url)));
      const isImport = /\/import(\/preview)?$/.test(r.url);
      let res;
      if (isImport) {
        const mp = multipart(await xlsxAimedOutside(r.url));
        res = await t.app.inject({
          method: r.method as 'POST',
          url,
          payload: mp.payload,
          headers: { ...district.headers, 'content-type': mp.contentType },
        });
      } else if (r.method === 'GET') {
        res = await t.app.inject({ method: 'GET', url, headers: { cookie: district.cookie } });
      } else {
        const body = sampleBody(r.method, r.url);
        expect(body, `no sample body for ${key}: add one to this matrix`).toBeDefined();
        res = await t.app.inject({
          method: r.method as 'POST',
          url,
          payload: body,
          headers: district.headers,
        });
      }
      const text = await bodyText(res);
      if (r.url.includes(':id')) {
        expect([403, 404], `${key} → ${res.statusCode} ${res.body.slice(0, 200)}`).toContain(res.statusCode);
      } else if (r.method !== 'GET' && !isImport) {
        expect([400, 403, 404], `${key} → ${res.statusCode} ${res.body.slice(0, 200)}`).toContain(
          res.statusCode,
        );
      } else if (isImport) {
        expect(res.statusCode, `${key} must not accept rows outside scope`).not.toBe(201);
        expect(res.body).not.toMatch(/"ok":true/);
      }
      expect(res.statusCode, `${key} must not fail`).toBeLessThan(500);
      // No foreign row anywhere in what comes back: names of the sibling district, its people.
      expect(text, `${key} leaked a person of ${foreign.orgName}`).not.toContain(foreign.personName);
      if (r.method === 'GET') {
        expect(text, `${key} leaked ${foreign.orgName}`).not.toContain(foreign.orgName);
        expect(text, `${key} leaked a campaign of ${foreign.orgName}`).not.toContain('西城区专项学习');
      }
      checked.push(key);
    }
    expect(checked.length).toBeGreaterThan(20);
  });

  it('nothing outside 东城区 changed', async () => {
    const org = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/orgs/${foreign.org}`,
        headers: { cookie: city.cookie },
      })
    ).json();
    expect(org.version).toBe(1);
    expect(org.active).toBe(true);
    const kids = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/orgs?q=${encodeURIComponent('越权')}`,
        headers: { cookie: city.cookie },
      })
    ).json();
    expect(kids.total).toBe(0);
  });
});
