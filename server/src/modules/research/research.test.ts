import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type Session, type TestApp } from '../../test/app.js';
import { campaignItems } from '../campaigns/campaigns.table.js';
import { DEMO_BRANCH, DEMO_DISTRICT } from '../demo/demo.data.js';
import { orgs } from '../orgs/orgs.table.js';
import { people } from '../people/people.table.js';

let t: TestApp;
let district: Session;
let liaison: Session;
let member: Session;
let city: Session;
let districtOrg = 0;
let campaignId = 0;
let direction = 0;
let checklistItem = 0;
let lead = 0;

const get = (s: Session, url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });
const send = (s: Session, method: 'POST' | 'PATCH', url: string, payload: object) =>
  t.app.inject({ method, url, payload, headers: s.headers });
const fieldsOf = (res: { json: () => { fields?: { field: string }[] } }) =>
  (res.json().fields ?? []).map((f) => f.field);

beforeAll(async () => {
  t = await makeTestApp({ demo: true });
  city = await t.login('city_admin');
  district = await t.login('district_admin');
  liaison = await t.login('dept_liaison');
  member = await t.login('branch_member');
  districtOrg = (await t.db.select().from(orgs).where(eq(orgs.name, DEMO_DISTRICT)))[0].id;
  campaignId = (await get(city, '/api/v1/campaigns')).json().items[0].id;
  const items = await t.db.select().from(campaignItems).where(eq(campaignItems.campaignId, campaignId));
  direction = items.find((i) => i.kind === 'direction')!.id;
  checklistItem = items.find((i) => i.kind === 'checklist')!.id;
  const branch = (await t.db.select().from(orgs).where(eq(orgs.name, DEMO_BRANCH)))[0].id;
  lead = (
    await t.db
      .select({ id: people.id })
      .from(people)
      .where(and(eq(people.orgId, branch), eq(people.active, true)))
  )[0].id;
}, 120_000);
afterAll(() => t.close());

const topic = (over: object = {}) => ({
  orgId: districtOrg,
  campaignId,
  directionId: direction,
  title: '老旧小区改造中群众急难愁盼问题调研',
  leadPersonId: lead,
  plan: '深入10个社区，走访住户，召开座谈会',
  ...over,
});

describe('research topics (调查研究)', () => {
  it('runs planned → in_progress → reported → converted, converting findings into a problem, a rule, a measure', async () => {
    const created = await send(district, 'POST', '/api/v1/research-topics', topic());
    expect(created.statusCode, created.body).toBe(201);
    let tp = created.json();
    expect(tp).toMatchObject({
      status: 'planned',
      directionId: direction,
      leadPersonId: lead,
      canManage: true,
    });
    expect(tp.directionTitle).toBeTruthy();

    // findings wait until the research starts
    expect(
      (await send(district, 'POST', `/api/v1/research-topics/${tp.id}/findings`, { text: '早' })).statusCode,
    ).toBe(409);
    tp = (
      await send(district, 'POST', `/api/v1/research-topics/${tp.id}/transitions`, {
        version: tp.version,
        action: 'start',
      })
    ).json();
    expect(tp.status).toBe('in_progress');
    // a report needs its text and at least one finding
    const early = await send(district, 'POST', `/api/v1/research-topics/${tp.id}/transitions`, {
      version: tp.version,
      action: 'report',
    });
    expect(early.statusCode).toBe(400);
    expect(fieldsOf(early)).toEqual(['report', 'findings']);
    for (const text of ['加装电梯协调难', '物业管理缺位', '停车位不足'])
      tp = (await send(district, 'POST', `/api/v1/research-topics/${tp.id}/findings`, { text })).json();
    tp = (
      await send(district, 'PATCH', `/api/v1/research-topics/${tp.id}`, {
        version: tp.version,
        report: '调研报告正文',
      })
    ).json();
    const reported = await send(district, 'POST', `/api/v1/research-topics/${tp.id}/transitions`, {
      version: tp.version,
      action: 'report',
    });
    expect(reported.statusCode, reported.body).toBe(200);
    tp = reported.json();
    expect(tp.status).toBe('reported');
    expect(tp.reportedAt).not.toBeNull();

    const [f1, f2, f3] = tp.findings as { id: number }[];
    const toProblem = await send(district, 'POST', `/api/v1/research-findings/${f1.id}/convert`, {
      kind: 'problem',
      category: '工作作风',
      deadline: '2030-06-30',
    });
    expect(toProblem.statusCode, toProblem.body).toBe(200);
    tp = toProblem.json();
    expect(tp.status).toBe('converted');
    const converted = tp.findings[0];
    expect(converted.conversion).toBe('problem');
    expect(converted.problemNumber).toBeTruthy();
    // the ledger problem: source 调研发现, linked back to the topic
    const problem = (await get(district, `/api/v1/problems/${converted.problemId}`)).json();
    expect(problem).toMatchObject({ source: 'research', title: '加装电梯协调难', orgId: districtOrg });
    expect(problem.links).toEqual([{ kind: 'research_topic', id: tp.id }]);

    const toRule = await send(district, 'POST', `/api/v1/research-findings/${f2.id}/convert`, {
      kind: 'rule',
      title: '老旧小区物业管理办法',
    });
    expect(toRule.statusCode, toRule.body).toBe(200);
    const ruleId = toRule.json().findings[1].ruleId;
    expect((await get(district, `/api/v1/rules/${ruleId}`)).json().title).toBe('老旧小区物业管理办法');
    const toMeasure = await send(district, 'POST', `/api/v1/research-findings/${f3.id}/convert`, {
      kind: 'measure',
      measure: '利用闲置地块新建停车位200个',
    });
    tp = toMeasure.json();
    expect(tp.findings.map((f: { conversion: string }) => f.conversion)).toEqual([
      'problem',
      'rule',
      'measure',
    ]);
    expect(tp.convertedCount).toBe(3);
    // a finding converts once
    const again = await send(district, 'POST', `/api/v1/research-findings/${f3.id}/convert`, {
      kind: 'measure',
      measure: 'x',
    });
    expect(again.statusCode).toBe(409);

    const list = (await get(city, `/api/v1/research-topics?orgId=${districtOrg}&status=converted`)).json();
    expect(list.items.map((x: { id: number }) => x.id)).toContain(tp.id);
  });

  it('rejects bad input naming the field', async () => {
    const cases: [object, string][] = [
      [topic({ title: '' }), 'title'],
      [topic({ directionId: checklistItem }), 'directionId'],
      [topic({ campaignId: 999_999 }), 'campaignId'],
      [topic({ leadPersonId: 999_999 }), 'leadPersonId'],
    ];
    for (const [body, field] of cases) {
      const res = await send(district, 'POST', '/api/v1/research-topics', body);
      expect(res.statusCode, `${field}: ${res.body}`).toBe(400);
      expect(fieldsOf(res)).toContain(field);
    }
    const tp = (await send(district, 'POST', '/api/v1/research-topics', topic({ title: '校验' }))).json();
    const bad = await send(district, 'POST', `/api/v1/research-topics/${tp.id}/transitions`, {
      version: tp.version,
      action: 'sign',
    });
    expect(bad.statusCode).toBe(400);
    expect(fieldsOf(bad)).toContain('action');
    const stale = await send(district, 'PATCH', `/api/v1/research-topics/${tp.id}`, {
      version: tp.version + 5,
      title: '旧',
    });
    expect(stale.statusCode).toBe(409);
  });

  it('a unit cannot read or change another subtree’s topics', async () => {
    const tp = (
      await send(district, 'POST', '/api/v1/research-topics', topic({ title: '东城区课题' }))
    ).json();
    expect((await get(liaison, `/api/v1/research-topics/${tp.id}`)).statusCode).toBe(404);
    expect((await get(member, `/api/v1/research-topics/${tp.id}`)).statusCode).toBe(404);
    expect((await get(liaison, `/api/v1/research-topics?orgId=${districtOrg}`)).json().total).toBe(0);
    const all = (await get(liaison, '/api/v1/research-topics?pageSize=200')).json();
    expect(all.items.some((x: { orgId: number }) => x.orgId === districtOrg)).toBe(false);
    expect((await send(liaison, 'POST', '/api/v1/research-topics', topic())).statusCode).toBe(404);
    const patch = await send(liaison, 'PATCH', `/api/v1/research-topics/${tp.id}`, {
      version: 1,
      title: '越权',
    });
    expect(patch.statusCode).toBe(404);
    // the city, above the district, reads it
    expect((await get(city, `/api/v1/research-topics/${tp.id}`)).statusCode).toBe(200);
  });

  it('keeps the report as a document too, for its unit only', async () => {
    const tp = (await send(district, 'POST', '/api/v1/research-topics', topic({ title: '报告附件' }))).json();
    const boundary = '----luoshiresearch';
    const upload = (s: Session, id: number) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/research-topics/${id}/report-file`,
        payload: Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="调研报告.txt"\r\nContent-Type: text/plain\r\n\r\n调研报告全文\r\n--${boundary}--\r\n`,
        ),
        headers: { ...s.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
      });
    // before the research starts there is no report to upload
    expect((await upload(district, tp.id)).statusCode).toBe(409);
    await send(district, 'POST', `/api/v1/research-topics/${tp.id}/transitions`, {
      version: tp.version,
      action: 'start',
    });
    expect((await upload(liaison, tp.id)).statusCode).toBe(404);
    const up = await upload(district, tp.id);
    expect(up.statusCode, up.body).toBe(200);
    expect(up.json().fileName).toBe('调研报告.txt');
    const file = await get(district, `/api/v1/research-topics/${tp.id}/report-file`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toContain('attachment');
    expect(file.body).toBe('调研报告全文');
    expect((await get(district, `/api/v1/research-topics/${tp.id}`)).json().reportFileName).toBe(
      '调研报告.txt',
    );
    expect((await get(liaison, `/api/v1/research-topics/${tp.id}/report-file`)).statusCode).toBe(404);
  });
});
