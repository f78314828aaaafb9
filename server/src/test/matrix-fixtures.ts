import ExcelJS from 'exceljs';
import { expect } from 'vitest';
import { campaigns } from '../modules/campaigns/campaigns.table.js';
import type { Session, TestApp } from './app.js';
import { publicIds, publicSamples, seedForeignPublic } from './matrix-public.js';

/**
 * Shared pieces of the access suites: records of 西城区 (a sibling of 东城区, outside every non-city role's
 * scope), a valid body for each state-changing route aimed at them, and helpers to read any response as text.
 * A route added without a sample fails the suites, so each new route joins the matrices.
 */
let t: TestApp;
let city: Session;
export const foreign = {
  org: 0,
  person: 0,
  user: 0,
  grant: 0,
  campaign: 0,
  orgName: '',
  personName: '',
  demoCampaign: 0,
  problem: 0,
  measure: 0,
  file: 0,
  rule: 0,
  group: 0,
  round: 0,
  answer: 0,
};
/** Supervision records of 西城区 (tasks, assignments, meetings) and of another user (inbox). */
export const foreignWork = {
  task: 0,
  assignment: 0,
  extension: 0,
  meeting: 0,
  venue: 0,
  inbox: 0,
  demoCampaign: 0,
  studySession: 0,
  researchTopic: 0,
  researchFinding: 0,
};

export const PUBLIC = new Set(['GET /api/health', 'GET /api/v1/meta', 'GET /api/openapi.json']);
// The caller's own session (no foreign record exists), and the portal: no login, its own suite
// (modules/public/public.test.ts scans every public route for personal data).
export const SELF = /^\/api\/v1\/(auth|public)\//;

/** A valid body for each state-changing route, aimed at a record or parent outside 东城区. */
export function sampleBody(method: string, url: string): object | undefined {
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
    'POST /api/v1/tasks': {
      campaignId: foreignWork.demoCampaign,
      issuingOrgId: foreign.org,
      title: '越权下达',
      deadline: '2030-01-01',
      targets: { mode: 'children' },
    },
    'POST /api/v1/assignments/:id/acknowledge': { version: 1 },
    'POST /api/v1/assignments/:id/decompose': { version: 1, allChildren: true },
    'POST /api/v1/assignments/:id/report': { version: 1, content: '越权反馈' },
    'POST /api/v1/assignments/:id/complete': { version: 1, report: '越权办结' },
    'POST /api/v1/assignments/:id/review': { version: 1, decision: 'accept' },
    'POST /api/v1/assignments/:id/request_extension': { version: 1, reason: '越权', deadline: '2030-01-01' },
    'POST /api/v1/extension-requests/:id/decide': { decision: 'approve' },
    'POST /api/v1/inbox/read': { ids: [foreignWork.inbox] },
    'POST /api/v1/meetings': {
      campaignId: foreignWork.demoCampaign,
      organizerOrgId: foreign.org,
      title: '越权会议',
      startsAt: '2030-01-01T09:00:00+08:00',
    },
    'PATCH /api/v1/meetings/:id': { version: 1, minutes: '越权纪要' },
    'POST /api/v1/meetings/:id/decisions': { content: '越权决定' },
    'POST /api/v1/meeting-venues/:id/attendance': { version: 1, expected: 1, present: 1 },
    'POST /api/v1/campaigns': {
      code: 'XW-2',
      issuingOrgId: foreign.org,
      name: '越权活动',
      goals: [],
      phases: [],
      items: [],
    },
    'PATCH /api/v1/campaigns/:id': { version: 1, name: '越权改名' },
    'POST /api/v1/problems': {
      campaignId: foreign.demoCampaign,
      orgId: foreign.org,
      title: '越权问题',
      category: '理论学习',
      source: 'self',
      deadline: '2030-01-01',
    },
    'PATCH /api/v1/problems/:id': { version: 1, title: '越权改名' },
    'POST /api/v1/problems/:id/transitions': { action: 'cancel', comment: '越权', version: 1 },
    'POST /api/v1/problems/:id/measures': { text: '越权措施', type: 'fix_now' },
    'POST /api/v1/problems/:id/files': {},
    'PATCH /api/v1/problem-measures/:id': { version: 1, done: true },
    'POST /api/v1/problem-groups': {
      campaignId: foreign.demoCampaign,
      orgId: foreign.org,
      title: '越权归类',
      problemIds: [foreign.problem],
    },
    'POST /api/v1/problem-groups/:id/measures': { text: '越权措施', type: 'fix_now' },
    'POST /api/v1/rules': { campaignId: foreign.demoCampaign, orgId: foreign.org, title: '越权制度' },
    'POST /api/v1/rules/:id/links': { version: 1, problemIds: [foreign.problem] },
    'POST /api/v1/rules/:id/file': {},
    'POST /api/v1/inspection-rounds': {
      campaignId: foreign.demoCampaign,
      orgId: foreign.org,
      kind: 'team',
      title: '越权检视',
    },
    'POST /api/v1/inspection-rounds/:id/answers': { answers: [{ itemId: 1, gap: '越权' }], submit: true },
    'POST /api/v1/inspection-answers/:id/return': { comment: '越权退回' },
    'PUT /api/v1/campaigns/:id/checklist': { items: [{ title: '越权清单' }] },
    'PUT /api/v1/campaigns/:id/ledger-settings': { warnDays: 5, reportDays: 10, version: 1 },
    'POST /api/v1/study-sessions': {
      orgId: foreign.org,
      campaignId: foreignWork.demoCampaign,
      title: '越权学习',
      kind: 'branch',
      heldOn: '2030-01-01',
    },
    'PATCH /api/v1/study-sessions/:id': { version: 1, title: '越权改名' },
    'POST /api/v1/research-topics': {
      orgId: foreign.org,
      campaignId: foreignWork.demoCampaign,
      title: '越权课题',
    },
    'PATCH /api/v1/research-topics/:id': { version: 1, title: '越权改名' },
    'POST /api/v1/research-topics/:id/transitions': { version: 1, action: 'start' },
    'POST /api/v1/research-topics/:id/findings': { text: '越权发现' },
    'POST /api/v1/research-topics/:id/report-file': {},
    'POST /api/v1/research-findings/:id/convert': { kind: 'measure', measure: '越权措施' },
    'PUT /api/v1/settings/security': {
      passwordMinLength: 8,
      passwordMinClasses: 1,
      lockoutThreshold: 20,
      lockoutMinutes: 1,
      sessionTtlMinutes: 10080,
      version: 0,
    },
  };
  return samples[key] ?? publicSamples(foreign.org, foreign.demoCampaign)[key];
}

export function idFor(url: string): number {
  const seg = url.split('/')[3];
  const ids: Record<string, number> = {
    orgs: foreign.org,
    people: foreign.person,
    users: foreign.user,
    grants: foreign.grant,
    campaigns: foreign.campaign,
    tasks: foreignWork.task,
    assignments: foreignWork.assignment,
    'extension-requests': foreignWork.extension,
    meetings: foreignWork.meeting,
    'meeting-venues': foreignWork.venue,
    problems: foreign.problem,
    'problem-measures': foreign.measure,
    'problem-files': foreign.file,
    'problem-groups': foreign.group,
    rules: foreign.rule,
    'inspection-rounds': foreign.round,
    'inspection-answers': foreign.answer,
    'study-sessions': foreignWork.studySession,
    'research-topics': foreignWork.researchTopic,
    'research-findings': foreignWork.researchFinding,
  };
  return ids[seg] ?? publicIds()[seg] ?? 0;
}

export async function xlsxAimedOutside(url: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  if (url.includes('/problems/')) {
    ws.addRow(['序号', '问题编号', '问题来源', '问题类别', '问题表现', '责任单位', '整改时限']);
    ws.addRow([1, '', '自己找', '理论学习', '越权导入问题', foreign.orgName, '2030年1月1日']);
  } else if (url.includes('/people/')) {
    ws.addRow(['序号', '姓名', '性别', '所在单位', '职务', '政治面貌', '联系电话']);
    ws.addRow([1, '越权导入', '男', foreign.orgName, '党员', '中共党员', '13800000000']);
  } else {
    ws.addRow(['序号', '单位名称', '简称', '上级单位', '单位类型', '分类', '排序号']);
    ws.addRow([1, '越权导入支部', '', foreign.orgName, '党支部', '', 1]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function multipart(file: Buffer) {
  const boundary = '----luoshitest';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), file, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

export async function bodyText(res: { headers: Record<string, unknown>; rawPayload: Buffer; body: string }) {
  if (String(res.headers['content-type']).includes('spreadsheetml')) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const cells: string[] = [];
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => cells.push(String(c.text)))));
    return cells.join('\n');
  }
  return res.body;
}

/** Seeds the records of 西城区 the suites aim at, as city_admin. */
export async function seedForeign(app: TestApp, cityAdmin: Session): Promise<void> {
  t = app;
  city = cityAdmin;
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
  await foreignProblemRecords();
  await seedForeignWork(xc.id);
  await seedForeignPublic(t, city, xc.id);
  const sec = await t.login('secadmin');
  const grants = (
    await t.app.inject({ method: 'GET', url: '/api/v1/grants?pageSize=200', headers: { cookie: sec.cookie } })
  ).json().items as { id: number; userId: number; username: string }[];
  const liaison = grants.find((g) => g.username === 'dept_liaison')!;
  foreign.grant = liaison.id;
  foreign.user = liaison.userId;
}

/** A problem of 西城区 with a measure, a file, a rule, a group, an inspection round and an answer. */
async function foreignProblemRecords() {
  const get = (url: string) =>
    t.app.inject({ method: 'GET', url, headers: { cookie: city.cookie } }).then((r) => r.json());
  const post = (url: string, payload: object) =>
    t.app.inject({ method: 'POST', url, payload, headers: city.headers }).then((r) => r.json());
  foreign.demoCampaign = (await get('/api/v1/campaigns')).items[0].id;
  const p = (await get(`/api/v1/problems?orgId=${foreign.org}&status=in_progress&pageSize=1`)).items[0];
  foreign.problem = p.id;
  foreign.measure = (await get(`/api/v1/problems/${p.id}`)).measures[0].id;
  const boundary = '----luoshimatrix';
  const file = await t.app.inject({
    method: 'POST',
    url: `/api/v1/problems/${p.id}/files`,
    payload: Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\n整改报告\r\n--${boundary}--\r\n`,
    ),
    headers: { ...city.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
  foreign.file = file.json().id;
  const base = { campaignId: foreign.demoCampaign, orgId: foreign.org };
  foreign.rule = (await post('/api/v1/rules', { ...base, title: '西城区制度', problemIds: [p.id] })).id;
  foreign.group = (
    await post('/api/v1/problem-groups', { ...base, title: '西城区归类', problemIds: [p.id] })
  ).id;
  const round = await post('/api/v1/inspection-rounds', { ...base, kind: 'team', title: '西城区班子检视' });
  foreign.round = round.id;
  const answered = await post(`/api/v1/inspection-rounds/${round.id}/answers`, {
    answers: [{ itemId: round.items[0].id, gap: '理论学习不够', manifestation: '', isProblem: false }],
    submit: true,
  });
  foreign.answer = answered.mine[0].id;
  for (const k of ['problem', 'measure', 'file', 'rule', 'group', 'round', 'answer'] as const)
    expect(foreign[k], k).toBeTruthy();
}

/** A task 西城区 issues to its units (one assignment acknowledged, with an extension request), a meeting, a study
 * session and a research topic with a finding. */
async function seedForeignWork(xcId: number) {
  const post = (url: string, payload: object) =>
    t.app.inject({ method: 'POST', url, payload, headers: city.headers }).then((r) => r.json());
  const get = (url: string) =>
    t.app.inject({ method: 'GET', url, headers: { cookie: city.cookie } }).then((r) => r.json());
  foreignWork.demoCampaign = (await get('/api/v1/campaigns')).items[0].id;
  const task = await post('/api/v1/tasks', {
    campaignId: foreignWork.demoCampaign,
    issuingOrgId: xcId,
    title: '西城区专项督办',
    deadline: '2099-12-31',
    targets: { mode: 'children' },
  });
  foreignWork.task = task.id;
  const [a] = await get(`/api/v1/tasks/${task.id}/tree`);
  foreignWork.assignment = a.id;
  const acked = await post(`/api/v1/assignments/${a.id}/acknowledge`, { version: a.version });
  await post(`/api/v1/assignments/${a.id}/request_extension`, {
    version: acked.version,
    reason: '需要协调',
    deadline: '2100-01-31',
  });
  foreignWork.extension = (await get(`/api/v1/assignments/${a.id}`)).extensions[0].id;
  const meeting = await post('/api/v1/meetings', {
    campaignId: foreignWork.demoCampaign,
    organizerOrgId: xcId,
    title: '西城区部署会',
    startsAt: '2030-01-01T09:00:00+08:00',
    subVenues: 'children',
  });
  foreignWork.meeting = meeting.id;
  foreignWork.venue = meeting.venues[0].id;
  foreignWork.inbox = (await get('/api/v1/inbox')).items[0].id;
  foreignWork.studySession = (
    await post('/api/v1/study-sessions', {
      orgId: xcId,
      campaignId: foreignWork.demoCampaign,
      title: '西城区理论学习',
      kind: 'central',
      heldOn: '2023-11-01',
    })
  ).id;
  const topic = await post('/api/v1/research-topics', {
    orgId: xcId,
    campaignId: foreignWork.demoCampaign,
    title: '西城区调研课题',
  });
  foreignWork.researchTopic = topic.id;
  await post(`/api/v1/research-topics/${topic.id}/transitions`, { version: topic.version, action: 'start' });
  const found = await post(`/api/v1/research-topics/${topic.id}/findings`, { text: '西城区调研发现' });
  foreignWork.researchFinding = found.findings[0].id;
  expect(
    Object.values(foreignWork).every((v) => v > 0),
    JSON.stringify(foreignWork),
  ).toBe(true);
}
