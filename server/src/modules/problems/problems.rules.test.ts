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

async function submitted(type: 'lasting' | 'fix_now'): Promise<TProblemDetail> {
  let p = (
    await f.send(f.s.secretary, 'POST', '/api/v1/problems', {
      campaignId: f.ids.campaign,
      orgId: f.ids.branch,
      title: '制度执行不严',
      category: '工作作风',
      source: 'supervision',
      deadline: inDays(30),
      open: true,
      measures: [{ text: '修订并严格执行支部工作制度', type }],
    })
  ).body;
  const act = async (action: string) =>
    (p = (
      await f.send(f.s.secretary, 'POST', `/api/v1/problems/${p.id}/transitions`, {
        action,
        version: p.version,
      })
    ).body);
  await act('start');
  p = (
    await f.send(f.s.secretary, 'PATCH', `/api/v1/problem-measures/${p.measures[0].id}`, {
      version: 1,
      done: true,
    })
  ).body;
  const mp = upload(PNG, 'a.png');
  await t.app.inject({
    method: 'POST',
    url: `/api/v1/problems/${p.id}/files`,
    payload: mp.payload,
    headers: { ...f.s.secretary.headers, 'content-type': mp.contentType },
  });
  p = (await f.get(f.s.secretary, `/api/v1/problems/${p.id}`)).body;
  return act('submit');
}

describe('建章立制', () => {
  it('a long-term problem is signed off only after a rule is linked', async () => {
    const p = await submitted('lasting');
    expect(p.status).toBe('submitted');
    const view = (await f.get(f.s.district, `/api/v1/problems/${p.id}`)).body;
    expect(view.actions).not.toContain('sign_off');
    const refused = await f.send(f.s.district, 'POST', `/api/v1/problems/${p.id}/transitions`, {
      action: 'sign_off',
      version: p.version,
    });
    expect([refused.status, refused.body.code]).toEqual([400, 'PROBLEM_NEEDS_RULE']);
    const rule = await f.send<{ id: number; problems: { id: number }[] }>(
      f.s.secretary,
      'POST',
      '/api/v1/rules',
      {
        campaignId: f.ids.campaign,
        orgId: f.ids.branch,
        title: '支部工作规则',
        docNumber: '朝机支〔2023〕1号',
        issuedOn: inDays(-1),
        problemIds: [p.id],
      },
    );
    expect(rule.status).toBe(201);
    expect(rule.body.problems.map((x) => x.id)).toEqual([p.id]);
    const ok = await f.send(f.s.district, 'POST', `/api/v1/problems/${p.id}/transitions`, {
      action: 'sign_off',
      version: p.version,
      comment: '制度已印发执行',
    });
    expect([ok.status, ok.body.status, ok.body.rules.length]).toEqual([200, 'signed_off', 1]);
  });

  it('a rule links only problems of its unit or below', async () => {
    const [foreign] = (
      await f.get<{ items: { id: number }[] }>(f.s.city, `/api/v1/problems?orgId=${f.ids.xicheng}&pageSize=1`)
    ).body.items;
    const r = await f.send(f.s.district, 'POST', '/api/v1/rules', {
      campaignId: f.ids.campaign,
      orgId: f.ids.district,
      title: '越界制度',
      problemIds: [foreign.id],
    });
    expect([r.status, r.body.fields?.[0]?.field]).toEqual([400, 'problemIds']);
  });
});

describe('问题归类', () => {
  it('groups the same problem across units and issues one measure to all', async () => {
    const list = (
      await f.get<{ items: { id: number; orgId: number }[] }>(
        f.s.district,
        `/api/v1/problems?status=in_progress&pageSize=50`,
      )
    ).body.items;
    const picked = list.filter((p, i) => list.findIndex((q) => q.orgId === p.orgId) === i).slice(0, 3);
    expect(picked.length).toBe(3);
    const g = await f.send<{ id: number; unitCount: number; problemCount: number; units: unknown[] }>(
      f.s.district,
      'POST',
      '/api/v1/problem-groups',
      {
        campaignId: f.ids.campaign,
        orgId: f.ids.district,
        title: '会议文件过多',
        problemIds: picked.map((p) => p.id),
      },
    );
    expect(g.status).toBe(201);
    expect([g.body.problemCount, g.body.unitCount, g.body.units.length]).toEqual([3, 3, 3]);
    const issued = await f.send<{ count: number }>(
      f.s.district,
      'POST',
      `/api/v1/problem-groups/${g.body.id}/measures`,
      {
        text: '统一精简会议文件',
        type: 'by_deadline',
        deadline: inDays(20),
      },
    );
    expect(issued.body.count).toBe(3);
    for (const p of picked) {
      const d = (await f.get(f.s.district, `/api/v1/problems/${p.id}`)).body;
      expect(d.measures.some((m) => m.text === '统一精简会议文件' && m.groupId === g.body.id)).toBe(true);
      expect(d.groupTitle).toBe('会议文件过多');
    }
    const byGroup = (await f.get<{ total: number }>(f.s.district, `/api/v1/problems?groupId=${g.body.id}`))
      .body;
    expect(byGroup.total).toBe(3);
    const denied = await f.send(f.s.secretary, 'POST', `/api/v1/problem-groups/${g.body.id}/measures`, {
      text: 'x',
      type: 'fix_now',
    });
    expect(denied.status).toBe(404);
  });
});

describe('建章立制 as a file', () => {
  it('keeps the rule document, sends it back as an attachment, and refuses what it cannot hold', async () => {
    const rule = await f.send<{ id: number; fileName: string | null; version: number }>(
      f.s.district,
      'POST',
      '/api/v1/rules',
      {
        campaignId: f.ids.campaign,
        orgId: f.ids.district,
        title: '东城区会议管理办法',
        docNumber: '东办〔2023〕9号',
      },
    );
    expect([rule.status, rule.body.fileName]).toEqual([201, null]);
    const post = async (who: typeof f.s.district, body: Buffer, name: string) => {
      const mp = upload(body, name);
      const r = await t.app.inject({
        method: 'POST',
        url: `/api/v1/rules/${rule.body.id}/file`,
        payload: mp.payload,
        headers: { ...who.headers, 'content-type': mp.contentType },
      });
      return {
        status: r.statusCode,
        body: r.json<{ fileName?: string; version?: number; fields?: { field: string }[] }>(),
      };
    };
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    const ok = await post(f.s.district, pdf, '东城区会议管理办法.pdf');
    expect([ok.status, ok.body.fileName, ok.body.version]).toEqual([
      200,
      '东城区会议管理办法.pdf',
      rule.body.version + 1,
    ]);
    const listed = (await f.get<{ fileName: string | null }>(f.s.district, `/api/v1/rules/${rule.body.id}`))
      .body;
    expect(listed.fileName).toBe('东城区会议管理办法.pdf');
    const down = await t.app.inject({
      method: 'GET',
      url: `/api/v1/rules/${rule.body.id}/file`,
      headers: { cookie: f.s.city.cookie },
    });
    expect(down.statusCode).toBe(200);
    expect(down.headers['content-type']).toBe('application/pdf');
    expect(down.headers['content-disposition']).toContain('attachment');
    expect(down.rawPayload.equals(pdf)).toBe(true);

    const exe = await post(f.s.district, Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00]), 'a.exe');
    expect([exe.status, exe.body.fields?.[0].field]).toEqual([400, 'file']);
    // the branch sees neither the rule nor its file; a member cannot write
    expect((await post(f.s.secretary, pdf, 'x.pdf')).status).toBe(404);
    const hidden = await t.app.inject({
      method: 'GET',
      url: `/api/v1/rules/${rule.body.id}/file`,
      headers: { cookie: f.s.secretary.cookie },
    });
    expect(hidden.statusCode).toBe(404);
  });
});
