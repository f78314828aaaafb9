import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../test/app.js';
import { demoFixture, PNG, upload } from './problems.fixture.js';
import type { TProblemDetail } from './problems.schemas.js';

let t: TestApp;
let f: Awaited<ReturnType<typeof demoFixture>>;

beforeAll(async () => {
  t = await makeTestApp({ demo: true });
  f = await demoFixture(t);
});
afterAll(() => t.close());

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

async function newProblem(extra: Record<string, unknown> = {}, who = f.s.secretary) {
  const r = await f.send(who, 'POST', '/api/v1/problems', {
    campaignId: f.ids.campaign,
    orgId: f.ids.branch,
    title: '理论学习不够深入',
    manifestation: '学习停留在读原文、念文件，联系实际不够',
    category: '理论学习',
    source: 'self',
    deadline: inDays(30),
    ownerUserId: f.ids.memberUser,
    ...extra,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

const act = (who: typeof f.s.city, p: { id: number; version: number }, action: string, extra: object = {}) =>
  f.send(who, 'POST', `/api/v1/problems/${p.id}/transitions`, { action, version: p.version, ...extra });

async function uploadFile(who: typeof f.s.city, id: number, data: Buffer, name: string) {
  const mp = upload(data, name);
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/problems/${id}/files`,
    payload: mp.payload,
    headers: { ...who.headers, 'content-type': mp.contentType },
  });
}

describe('problem lifecycle through the API', () => {
  it('numbers problems per campaign and starts as a draft', async () => {
    const a = await newProblem();
    const b = await newProblem();
    expect(a.number).toMatch(/^QH-2023-\d{6}$/);
    expect(Number(b.number.slice(-6))).toBe(Number(a.number.slice(-6)) + 1);
    expect(a.status).toBe('draft');
    expect(a.actions).toEqual(['open', 'cancel']);
    expect(a.events[0].action).toBe('create');
  });

  it('runs draft → open → in progress → submitted → returned → signed off, by the right people', async () => {
    let p = await newProblem();
    // the owner (a member) cannot open a draft: opening needs write permission
    expect((await act(f.s.member, p, 'open')).status).toBe(403);
    p = (await act(f.s.secretary, p, 'open')).body;
    expect(p.status).toBe('open');
    expect(p.light).toBe('green');
    // the owner sees start and may take it
    const seen = (await f.get(f.s.member, `/api/v1/problems/${p.id}`)).body;
    expect(seen.actions).toEqual(['start', 'request_extension']);
    p = (await act(f.s.member, p, 'start')).body;
    expect(p.status).toBe('in_progress');

    let r = await act(f.s.member, p, 'submit');
    expect([r.status, r.body.code]).toEqual([400, 'PROBLEM_NO_MEASURES']);
    p = (
      await f.send(f.s.secretary, 'POST', `/api/v1/problems/${p.id}/measures`, {
        text: '制定支部学习计划，每月开展专题研讨',
        type: 'fix_now',
        deadline: inDays(10),
      })
    ).body;
    p = (
      await f.send(f.s.secretary, 'POST', `/api/v1/problems/${p.id}/measures`, {
        text: '建立学习成效检验机制',
        type: 'by_deadline',
      })
    ).body;
    expect(p.measures.map((m) => m.seq)).toEqual([1, 2]);
    r = await act(f.s.member, p, 'submit');
    expect([r.status, r.body.code]).toEqual([400, 'PROBLEM_MEASURES_OPEN']);
    for (const m of p.measures) {
      p = (
        await f.send(f.s.member, 'PATCH', `/api/v1/problem-measures/${m.id}`, {
          version: m.version,
          progress: '已完成',
          done: true,
        })
      ).body;
    }
    r = await act(f.s.member, p, 'submit');
    expect([r.status, r.body.code]).toEqual([400, 'PROBLEM_NO_EVIDENCE']);
    const up = await uploadFile(f.s.member, p.id, PNG, '学习记录.png');
    expect(up.statusCode, up.body).toBe(201);
    p = (await f.get(f.s.member, `/api/v1/problems/${p.id}`)).body;
    p = (await act(f.s.member, p, 'submit')).body;
    expect(p.status).toBe('submitted');

    // the owner cannot sign off; the branch secretary is not in a superior unit; the district can
    r = await act(f.s.member, p, 'sign_off');
    expect(r.status).toBe(403);
    r = await act(f.s.secretary, p, 'sign_off');
    expect([r.status, r.body.code]).toEqual([403, 'FORBIDDEN']);
    const districtView = (await f.get(f.s.district, `/api/v1/problems/${p.id}`)).body;
    expect(districtView.actions).toEqual(['return', 'sign_off', 'cancel']);
    r = await act(f.s.district, p, 'return');
    expect([r.status, r.body.fields?.[0]?.field]).toEqual([400, 'comment']);
    p = (await act(f.s.district, p, 'return', { comment: '佐证材料不充分' })).body;
    expect(p.status).toBe('in_progress');
    p = (await act(f.s.member, p, 'submit')).body;
    p = (await act(f.s.district, p, 'sign_off', { comment: '整改到位，同意销号' })).body;
    expect(p.status).toBe('signed_off');
    expect(p.signedOffByName).toBeTruthy();
    expect(p.light).toBe('none');
    expect(p.actions).toEqual([]);
    expect(p.events.map((e) => e.action)).toEqual(
      expect.arrayContaining(['open', 'start', 'submit', 'return', 'sign_off']),
    );
    const edit = await f.send(f.s.secretary, 'PATCH', `/api/v1/problems/${p.id}`, {
      version: p.version,
      title: '改',
    });
    expect([edit.status, edit.body.code]).toEqual([409, 'PROBLEM_CLOSED']);
  });

  it('answers 409 to a stale version', async () => {
    let p = await newProblem();
    p = (await act(f.s.secretary, p, 'open')).body;
    const stale = await act(f.s.secretary, { id: p.id, version: p.version - 1 }, 'start');
    expect([stale.status, stale.body.code]).toEqual([409, 'CONFLICT_VERSION']);
    const patch = await f.send(f.s.secretary, 'PATCH', `/api/v1/problems/${p.id}`, {
      version: 1,
      title: 'x',
    });
    expect(patch.status).toBe(409);
  });

  it('refuses actions the state does not allow', async () => {
    const p = await newProblem();
    for (const a of ['start', 'submit', 'return', 'sign_off', 'request_extension', 'decide_extension']) {
      const r = await act(f.s.city, p, a, { comment: '理由', newDeadline: inDays(60), approve: true });
      expect([a, r.status, r.body.code]).toEqual([a, 409, 'PROBLEM_TRANSITION']);
    }
  });

  it('hides problems outside the caller scope with 404', async () => {
    const foreign = await newProblem({ orgId: f.ids.xicheng }, f.s.city);
    for (const [m, url, body] of [
      ['GET', `/api/v1/problems/${foreign.id}`, undefined],
      ['PATCH', `/api/v1/problems/${foreign.id}`, { version: 1, title: '越权' }],
      ['POST', `/api/v1/problems/${foreign.id}/transitions`, { action: 'open', version: 1 }],
      ['POST', `/api/v1/problems/${foreign.id}/measures`, { text: '越权', type: 'fix_now' }],
    ] as const) {
      const r = await t.app.inject({ method: m, url, payload: body, headers: f.s.district.headers });
      expect([url, r.statusCode]).toEqual([url, 404]);
    }
    const list = (await f.get<{ items: { id: number }[] }>(f.s.district, '/api/v1/problems?pageSize=200'))
      .body;
    expect(list.items.some((i) => i.id === foreign.id)).toBe(false);
    const create = await newProblem({ orgId: f.ids.xicheng }, f.s.city);
    expect(create.status).toBe('draft');
    const r = await f.send(f.s.district, 'POST', '/api/v1/problems', {
      campaignId: f.ids.campaign,
      orgId: f.ids.xicheng,
      title: '越权',
      category: '理论学习',
      source: 'self',
      deadline: inDays(3),
    });
    expect(r.status).toBe(404);
  });

  it('lets only the issuing level cancel, with a reason', async () => {
    let p = await newProblem({ issuingOrgId: f.ids.district, source: 'superior' }, f.s.district);
    let r = await act(f.s.secretary, p, 'cancel', { comment: '不属实' });
    expect(r.status).toBe(403);
    r = await act(f.s.district, p, 'cancel');
    expect([r.status, r.body.code]).toEqual([400, 'REASON_REQUIRED']);
    p = (await act(f.s.district, p, 'cancel', { comment: '经核实不属实' })).body;
    expect(p.status).toBe('cancelled');
  });

  it('handles extension requests before the deadline, decided by the superior', async () => {
    let p = await newProblem();
    p = (await act(f.s.secretary, p, 'open')).body;
    let r = await act(f.s.secretary, p, 'request_extension', { comment: '需协调资金' });
    expect([r.status, r.body.fields?.[0]?.field]).toEqual([400, 'newDeadline']);
    p = (await act(f.s.secretary, p, 'request_extension', { comment: '需协调资金', newDeadline: inDays(90) }))
      .body;
    expect(p.extensionDeadline).toBe(inDays(90));
    r = await act(f.s.secretary, p, 'request_extension', { comment: '再次', newDeadline: inDays(95) });
    expect([r.status, r.body.code]).toEqual([409, 'PROBLEM_EXTENSION_PENDING']);
    r = await act(f.s.secretary, p, 'decide_extension', { approve: true });
    expect(r.status).toBe(403);
    p = (await act(f.s.district, p, 'decide_extension', { approve: true, comment: '同意' })).body;
    expect([p.deadline, p.extensionDeadline]).toEqual([inDays(90), null]);
  });

  it('refuses a past-deadline extension request', async () => {
    let p = await newProblem({ deadline: inDays(-2) });
    p = (await act(f.s.secretary, p, 'open')).body;
    expect(p.light).toBe('red');
    const r = await act(f.s.secretary, p, 'request_extension', { comment: '晚了', newDeadline: inDays(9) });
    expect([r.status, r.body.code]).toEqual([400, 'PROBLEM_PAST_DEADLINE']);
  });

  it('validates input with field names', async () => {
    const r = await f.send(f.s.secretary, 'POST', '/api/v1/problems', {
      campaignId: f.ids.campaign,
      orgId: f.ids.branch,
      title: ' ',
      category: '理论学习',
      source: 'nowhere',
      deadline: '2023-02-30',
    });
    expect(r.status).toBe(400);
    const fields = (r.body.fields ?? []).map((x) => x.field).sort();
    expect(fields).toEqual(['deadline', 'source', 'title']);
  });
});

describe('evidence files', () => {
  let p: TProblemDetail;
  beforeAll(async () => {
    p = await newProblem();
  });
  it('refuses types other than pdf, images, docx/xlsx and text', async () => {
    const r = await uploadFile(f.s.secretary, p.id, Buffer.from('MZ\x90\x00binary\x00\x01'), 'x.pdf');
    expect([r.statusCode, r.json().code]).toEqual([400, 'FILE_TYPE']);
  });
  it('serves a download as an attachment with nosniff, only within scope', async () => {
    const up = await uploadFile(f.s.secretary, p.id, Buffer.from('整改报告\n已完成'), 'report.txt');
    expect(up.statusCode).toBe(201);
    const { id, sha256 } = up.json();
    expect(sha256).toHaveLength(64);
    const r = await t.app.inject({
      method: 'GET',
      url: `/api/v1/problem-files/${id}`,
      headers: f.s.district.headers,
    });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/plain');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(String(r.headers['content-disposition'])).toMatch(/^attachment;/);
    expect(r.body).toContain('整改报告');
    const other = await t.login('dept_liaison');
    const no = await t.app.inject({
      method: 'GET',
      url: `/api/v1/problem-files/${id}`,
      headers: other.headers,
    });
    expect(no.statusCode).toBe(404);
  });
});
