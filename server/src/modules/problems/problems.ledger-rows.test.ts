import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgs } from '../orgs/orgs.table.js';
import { buildOrg, makeTestApp, type TestApp } from '../../test/app.js';
import { copyExportLimits } from './problems.export-copy.js';
import { demoFixture, PNG, sheetRows, upload } from './problems.fixture.js';
import { JobRunner } from '../../platform/jobs.js';
import { JOBS } from '../reminders/reminders.jobs.js';
import {
  fillLedgerRows,
  fillSomeLedgerRows,
  refreshLedgerRows,
  verifyLedgerRows,
} from './problems.ledger-rows.js';
import type { TProblemDetail } from './problems.schemas.js';
import { ledgerRows, problemFiles, problemMeasures, problems, rules } from './problems.table.js';

let t: TestApp;
let f: Awaited<ReturnType<typeof demoFixture>>;
let unit: number;
let p: TProblemDetail;
let plain: TProblemDetail;

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
// every kind of text a cell must carry: CJK, emoji, a supplementary-plane character, markup, blanks and
// the characters COPY's text format escapes (tab, newline, backslash), and controls XML cannot hold
const TRICKY = '整改\t“问题”<&>"\'\n第二行 😀𠮷 C:\\路径\\n \u0001\u0008控制符 ';

beforeAll(async () => {
  t = await makeTestApp({ demo: true });
  f = await demoFixture(t);
  unit = (await buildOrg(t.db, { parentId: f.ids.branch, name: '台账行<&>"测试\'小组' })).id;
  const create = async (extra: object) => {
    const r = await f.send(f.s.city, 'POST', '/api/v1/problems', {
      campaignId: f.ids.campaign,
      orgId: unit,
      title: '台账行测试',
      category: '作风建设',
      source: 'self',
      deadline: inDays(30),
      open: true,
      ...extra,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body;
  };
  p = await create({
    manifestation: '台账行测试：表现',
    measures: [
      { text: '措施一', type: 'fix_now', deadline: inDays(5), ownerName: '张三' },
      { text: '措施二', type: 'by_deadline' },
      { text: '措施三', type: 'lasting' },
    ],
  });
  plain = await create({ title: '空字段问题' });
  // tricky text straight into the database: what a row shows is whatever is stored
  await t.db
    .update(problems)
    .set({
      manifestation: TRICKY,
      causeSubjective: TRICKY,
      causeSystemic: '\\',
      target: '',
      leaderName: ' 前后空格 ',
      resultText: TRICKY,
    })
    .where(eq(problems.id, p.id));
  await t.db.update(problemMeasures).set({ progress: TRICKY }).where(eq(problemMeasures.problemId, p.id));
  expect((await uploadFile(p.id, '佐证.png')).statusCode).toBe(201);
  // (uploads clean their names; a stored name may still hold anything)
  await t.db.update(problemFiles).set({ fileName: '佐证\t<&>.png' }).where(eq(problemFiles.problemId, p.id));
  const rule = await f.send<{ id: number }>(f.s.city, 'POST', '/api/v1/rules', {
    campaignId: f.ids.campaign,
    orgId: unit,
    title: '制度“<&>”\\一',
    problemIds: [p.id],
  });
  expect(rule.status, JSON.stringify(rule.body)).toBe(201);
});
afterAll(() => t.close());

async function uploadFile(id: number, name: string) {
  const mp = upload(PNG, name);
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/problems/${id}/files`,
    payload: mp.payload,
    headers: { ...f.s.city.headers, 'content-type': mp.contentType },
  });
}

async function exportRows(orgId?: number) {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/v1/problems/export.xlsx${orgId ? `?orgId=${orgId}` : ''}`,
    headers: { cookie: f.s.city.cookie },
  });
  expect(res.statusCode).toBe(200);
  return sheetRows(res.rawPayload);
}

const rowOf = async (id: number) => {
  const [{ number }] = await t.db
    .select({ number: problems.number })
    .from(problems)
    .where(eq(problems.id, id));
  const row = (await exportRows(unit)).find((r) => r[1] === number);
  expect(row, number).toBeDefined();
  return row!;
};

const stored = async (id: number) =>
  (await t.db.select({ xml: ledgerRows.xml }).from(ledgerRows).where(eq(ledgerRows.problemId, id)))[0]?.xml;

describe('stored ledger rows', () => {
  it('give the same sheet as the live render with all, none or some rows stored, over tricky text', async () => {
    await t.db.delete(ledgerRows);
    const none = await exportRows();
    const noneUnit = await exportRows(unit);
    const row = noneUnit.find((r) => r[1] === p.number)!;
    const kept = TRICKY.replaceAll('\u0001', '').replaceAll('\u0008', ''); // XML cannot carry those two
    expect(row[4]).toBe(`【台账行测试】${kept}`);
    expect(row[5]).toBe(`主观原因：${kept}\n体制机制：\\`);
    expect(row[6]).toBe('');
    expect(row[7].split('\n')).toHaveLength(3);
    expect(row[9]).toBe(' 前后空格 ');
    expect(row[10]).toBe('台账行<&>"测试\'小组');
    expect(row[15]).toBe(`附件：佐证\t<&>.png\n整改结果：${kept}`);
    expect(row[16]).toBe('制度“<&>”\\一');

    expect(await fillLedgerRows(t.db)).toBe(none.length - 2);
    expect(await stored(p.id)).not.toMatch(/[\t\n\\]/);
    expect(await exportRows()).toEqual(none);
    expect(await exportRows(unit)).toEqual(noneUnit);

    // every other row without its stored row: stored and live rows interleave
    const ids = (await t.db.select({ id: ledgerRows.problemId }).from(ledgerRows)).map((r) => r.id);
    for (const id of ids.filter((_, i) => i % 2 === 0))
      await t.db.delete(ledgerRows).where(eq(ledgerRows.problemId, id));
    expect(await exportRows()).toEqual(none);
    expect(await exportRows(unit)).toEqual(noneUnit);
    // on PostgreSQL: the same through the cursor path, taken when too many rows are missing for COPY's
    copyExportLimits.maxLiveRows = 0;
    try {
      expect(await exportRows()).toEqual(none);
    } finally {
      copyExportLimits.maxLiveRows = 5000;
    }
    expect(await fillLedgerRows(t.db)).toBe(Math.ceil(ids.length / 2));
    expect(await verifyLedgerRows(t.db)).toEqual({ checked: none.length - 2, stale: [] });
  });

  it('are dropped or re-rendered by every change a row shows', async () => {
    const version = async (id: number) => (await f.get(f.s.city, `/api/v1/problems/${id}`)).body.version;
    // a change through the service re-renders the row in its transaction; one in SQL only drops it
    const after = async (change: () => Promise<unknown>, refreshed: boolean) => {
      await fillLedgerRows(t.db);
      const before = await stored(plain.id);
      expect(before).toBeDefined();
      await change();
      const now = await stored(plain.id);
      if (refreshed) expect(now).toBeDefined();
      else expect(now).toBeUndefined();
      expect(now).not.toBe(before);
      expect((await verifyLedgerRows(t.db)).stale).toEqual([]);
      return rowOf(plain.id);
    };
    const ok = (r: { status: number; body: unknown }, status = 200) =>
      expect(r.status, JSON.stringify(r.body)).toBe(status);

    let row = await after(
      async () =>
        ok(
          await f.send(f.s.city, 'PATCH', `/api/v1/problems/${plain.id}`, {
            version: await version(plain.id),
            target: '新的整改目标',
          }),
        ),
      true,
    );
    expect(row[6]).toBe('新的整改目标');

    row = await after(
      async () =>
        ok(
          await f.send(f.s.city, 'POST', `/api/v1/problems/${plain.id}/measures`, {
            text: '新增措施',
            type: 'fix_now',
          }),
          201,
        ),
      true,
    );
    expect(row[7]).toBe('1. 新增措施');

    row = await after(async () => ok(await act('start')), true);
    expect(row[14]).toBe('整改中');

    const [m] = await t.db.select().from(problemMeasures).where(eq(problemMeasures.problemId, plain.id));
    row = await after(
      async () =>
        ok(
          await f.send(f.s.city, 'PATCH', `/api/v1/problem-measures/${m.id}`, {
            version: m.version,
            progress: '已整改到位',
            done: true,
          }),
        ),
      true,
    );
    expect([row[7], row[13]]).toEqual(['1. 新增措施（已完成）', '【措施1】已整改到位']);

    row = await after(
      async () => expect((await uploadFile(plain.id, '新附件.png')).statusCode).toBe(201),
      true,
    );
    expect(row[15]).toBe('附件：新附件.png');

    const rule = await f.send<{ id: number; version: number }>(f.s.city, 'POST', '/api/v1/rules', {
      campaignId: f.ids.campaign,
      orgId: unit,
      title: '新制度',
    });
    ok(rule, 201);
    row = await after(
      async () =>
        ok(
          await f.send(f.s.city, 'POST', `/api/v1/rules/${rule.body.id}/links`, {
            version: rule.body.version,
            problemIds: [plain.id],
          }),
        ),
      true,
    );
    expect(row[16]).toBe('新制度');

    row = await after(
      () => t.db.update(rules).set({ title: '改名的制度' }).where(eq(rules.id, rule.body.id)),
      false,
    );
    expect(row[16]).toBe('改名的制度');

    row = await after(() => t.db.update(orgs).set({ name: '改名的小组' }).where(eq(orgs.id, unit)), false);
    expect(row[10]).toBe('改名的小组');

    row = await after(async () => ok(await act('submit')), true);
    expect(row[14]).toBe('已完成待验收');
    row = await after(async () => ok(await act('sign_off', { comment: '同意' }, f.s.district)), true);
    expect(row[14]).toBe('已销号');
    expect(row[17]).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日；验收人：.+；意见：同意$/);

    // a change that shows nowhere in the row keeps it
    await fillLedgerRows(t.db);
    const kept = await stored(plain.id);
    await t.db.update(problems).set({ lastProgressAt: new Date() }).where(eq(problems.id, plain.id));
    expect(await stored(plain.id)).toBe(kept);
  });

  it('the ledger-rows job refills what a change left missing, a bounded slice a run', async () => {
    await fillLedgerRows(t.db);
    const count = async () => (await t.db.select({ id: ledgerRows.problemId }).from(ledgerRows)).length;
    const all = (await t.db.select({ id: problems.id }).from(problems)).length;
    expect(await count()).toBe(all);
    // an org rename drops its problems' rows; the job puts them back, rendered with the new name
    await t.db.update(orgs).set({ name: '作业补齐小组' }).where(eq(orgs.id, unit));
    expect(await count()).toBe(all - 2);
    const job = JOBS.find((j) => j.name === 'ledger-rows')!;
    expect(await new JobRunner(t.db, [job], 'test').runJob('ledger-rows')).toBe(true);
    expect(await count()).toBe(all);
    expect(await stored(p.id)).toContain('作业补齐小组');
    expect((await verifyLedgerRows(t.db)).stale).toEqual([]);
    // one run renders at most its slice: the rest wait for the next minute
    await t.db.delete(ledgerRows);
    const written = await t.db.transaction((tx) => fillSomeLedgerRows(tx, 3));
    expect([written, await count()]).toEqual([3, 3]);
  });

  it('verify finds a stored row that differs from a fresh render', async () => {
    await fillLedgerRows(t.db);
    await t.db
      .update(ledgerRows)
      .set({ xml: '<c s="4" t="inlineStr"><is><t>篡改</t></is></c>' })
      .where(eq(ledgerRows.problemId, p.id));
    const bad = await verifyLedgerRows(t.db);
    expect(bad.stale).toEqual([p.id]);
    await t.db.transaction((tx) => refreshLedgerRows(tx, [p.id]));
    expect((await verifyLedgerRows(t.db)).stale).toEqual([]);
  });
});

const act = async (action: string, extra: object = {}, who = f.s.city) =>
  f.send(who, 'POST', `/api/v1/problems/${plain.id}/transitions`, {
    action,
    version: (await f.get(f.s.city, `/api/v1/problems/${plain.id}`)).body.version,
    ...extra,
  });
