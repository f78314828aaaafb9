import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../test/app.js';
import { demoFixture } from '../problems/problems.fixture.js';

let t: TestApp;
let f: Awaited<ReturnType<typeof demoFixture>>;
beforeAll(async () => {
  t = await makeTestApp({ demo: true });
  f = await demoFixture(t);
});
afterAll(() => t.close());

interface Round {
  id: number;
  items: { id: number; title: string }[];
  mine: { id: number; itemId: number; status: string; problemId: number | null }[];
  answers: { id: number }[];
  canAnswer: boolean;
  canManage: boolean;
  submitted: number;
}

describe('self-inspection (检视)', () => {
  it('turns a finding marked as a problem into a ledger problem in the same step', async () => {
    const rounds = (await f.get<{ items: Round[] }>(f.s.member, '/api/v1/inspection-rounds')).body.items;
    expect(rounds.length).toBeGreaterThan(0);
    let round = (await f.get<Round>(f.s.member, `/api/v1/inspection-rounds/${rounds[0].id}`)).body;
    expect(round.items).toHaveLength(10);
    expect([round.canAnswer, round.canManage]).toEqual([true, false]);
    const [first, second] = round.items;
    const save = (submit: boolean, gap = '对理论学习满足于一知半解') =>
      f.send<Round>(f.s.member, 'POST', `/api/v1/inspection-rounds/${round.id}/answers`, {
        answers: [
          { itemId: first.id, gap, manifestation: '学习笔记多、思考少', isProblem: true },
          { itemId: second.id, gap: '', isProblem: false },
        ],
        submit,
      });
    round = (await save(false)).body;
    expect(round.mine.map((a) => a.status)).toEqual(['draft', 'draft']);
    const bad = await f.send(f.s.member, 'POST', `/api/v1/inspection-rounds/${round.id}/answers`, {
      answers: [{ itemId: first.id, gap: '', isProblem: true }],
    });
    expect([bad.status, bad.body.fields?.[0]?.field]).toEqual([400, 'answers.0.gap']);
    round = (await save(true)).body;
    const answer = round.mine.find((a) => a.itemId === first.id)!;
    expect(answer.status).toBe('submitted');
    expect(answer.problemId).toBeTruthy();
    const p = (await f.get(f.s.member, `/api/v1/problems/${answer.problemId}`)).body;
    expect([p.status, p.source, p.category, p.ownerUserId]).toEqual([
      'open',
      'self',
      '理论学习',
      f.ids.memberUser,
    ]);
    expect(p.links).toEqual([{ kind: 'inspection_answer', id: answer.id }]);
    expect(p.actions).toContain('start');
    expect((await save(true)).status).toBe(200);
    expect((await save(true, '改了已提交的答卷')).status).toBe(409);

    // the unit office returns the answer; the member may then change it, and no second problem appears
    const sec = (await f.get<Round>(f.s.secretary, `/api/v1/inspection-rounds/${round.id}`)).body;
    expect(sec.canManage).toBe(true);
    expect(sec.submitted).toBe(1);
    const noReason = await f.send(f.s.secretary, 'POST', `/api/v1/inspection-answers/${answer.id}/return`, {
      comment: '',
    });
    expect(noReason.status).toBe(400);
    const back = await f.send<Round>(
      f.s.secretary,
      'POST',
      `/api/v1/inspection-answers/${answer.id}/return`,
      {
        comment: '剖析不够深入',
      },
    );
    expect(back.status).toBe(200);
    const member = await f.send<Round>(f.s.member, 'POST', `/api/v1/inspection-answers/${answer.id}/return`, {
      comment: '自己退回',
    });
    expect(member.status).toBe(403);
    round = (await save(true, '理论联系实际不够，学用脱节')).body;
    expect(round.mine.find((a) => a.itemId === first.id)?.problemId).toBe(answer.problemId);
    const progress = await f.get<{ rows: { orgId: number; rounds: number; submitted: number }[] }>(
      f.s.district,
      '/api/v1/inspection-rounds/progress',
    );
    const total = progress.body.rows.reduce((n, r) => n + r.submitted, 0);
    expect(total).toBe(1);
    expect(progress.body.rows.reduce((n, r) => n + r.rounds, 0)).toBe(1);
  });

  it('lets the office edit the checklist, and only the office', async () => {
    const list = await f.get<{ items: { title: string }[] }>(
      f.s.member,
      `/api/v1/campaigns/${f.ids.campaign}/checklist`,
    );
    expect(list.body.items[0].title).toBe('查理论学习');
    const items = [...list.body.items, { title: '查调查研究', detail: '看是否深、实、细、准、效' }];
    expect(
      (await f.send(f.s.district, 'PUT', `/api/v1/campaigns/${f.ids.campaign}/checklist`, { items })).status,
    ).toBe(403);
    const ok = await f.send<{ items: unknown[] }>(
      f.s.city,
      'PUT',
      `/api/v1/campaigns/${f.ids.campaign}/checklist`,
      { items },
    );
    expect(ok.body.items).toHaveLength(11);
    const shrink = await f.send(f.s.city, 'PUT', `/api/v1/campaigns/${f.ids.campaign}/checklist`, {
      items: items.slice(0, 1),
    });
    expect(shrink.status).toBe(400);
  });
});
