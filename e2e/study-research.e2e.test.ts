import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, loginPage, startServer, type RunningServer } from './harness.js';

let server: RunningServer;
// antd spaces out a two-character button label (保 存)
const SAVE = /^保\s*存$/;
const EDIT_REPORT = '填写报告';
let browser: Browser;

interface SessionDetail {
  id: number;
  title: string;
  orgName: string;
  counts: { present: number; leave: number; absent: number };
  attendance: { personId: number; name: string; status: string; reason: string }[];
}

const loginAs = (username: string): Promise<Page> =>
  loginPage(browser, server.baseUrl, username, { viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });

async function api<T>(page: Page, url: string): Promise<T> {
  const res = await page.request.get(`${server.baseUrl}${url}`);
  expect(res.status(), url).toBe(200);
  return (await res.json()) as T;
}

describe('理论学习 and 调查研究 in the browser', () => {
  beforeAll(async () => {
    server = await startServer({ timeoutMs: 300_000 });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a branch secretary records a session: leave needs a reason, the saved attendance is what was marked', async () => {
    const page = await loginAs('branch_secretary');
    await page.goto(`${server.baseUrl}/study`);
    await page.getByTestId('study-new').click();
    const title = `e2e 专题学习 ${Date.now()}`;
    await page.getByTestId('study-title').fill(title);
    // the unit's members are listed, all present; the first two are marked 请假 and 缺席
    const dialog = page.locator('.ant-modal:visible');
    const rows = dialog.locator('.ant-table-tbody tr.ant-table-row');
    await rows.first().waitFor({ timeout: 30_000 });
    const members = await rows.count();
    expect(members).toBeGreaterThanOrEqual(3);
    const names = await rows.locator('td:first-child').allInnerTexts();
    await rows.nth(0).getByText('请假', { exact: true }).click();
    await rows.nth(1).getByText('缺席', { exact: true }).click();

    // 请假 without a reason: the server refuses it, says why, and nothing is saved
    const before = await api<{ total: number }>(page, '/api/v1/study-sessions?page=1&pageSize=1');
    const refused = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/study-sessions') && r.request().method() === 'POST',
    );
    await page.getByTestId('study-submit').click();
    expect((await refused).status()).toBe(400);
    await expect.poll(() => page.locator('.ant-message').innerText()).toContain('请假');
    expect((await api<{ total: number }>(page, '/api/v1/study-sessions?page=1&pageSize=1')).total).toBe(
      before.total,
    );

    // with the reason, it saves and the drawer shows the counts
    await rows.nth(0).locator('input[type=text]').fill('外出参加培训');
    const saved = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/study-sessions') && r.request().method() === 'POST',
    );
    await page.getByTestId('study-submit').click();
    const res = await saved;
    expect(res.status()).toBe(201);
    const { id } = (await res.json()) as { id: number };
    const drawer = page.locator('.ant-drawer:visible');
    await expect.poll(() => drawer.locator('.ant-drawer-title').innerText()).toBe(title);
    await expect.poll(() => drawer.innerText()).toContain(`出席 ${members - 2} · 请假 1 · 缺席 1`);

    const detail = await api<SessionDetail>(page, `/api/v1/study-sessions/${id}`);
    expect(detail.counts).toEqual({ present: members - 2, leave: 1, absent: 1 });
    const byName = new Map(detail.attendance.map((a) => [a.name, a]));
    expect(byName.get(names[0])).toMatchObject({ status: 'leave', reason: '外出参加培训' });
    expect(byName.get(names[1])).toMatchObject({ status: 'absent' });
    expect(detail.attendance.filter((a) => a.status === 'present')).toHaveLength(members - 2);

    // the list shows it first (newest), and the per-unit tab counts the unit
    await page.goto(`${server.baseUrl}/study`);
    await expect
      .poll(() => page.locator('.ant-table-tbody tr.ant-table-row').first().innerText())
      .toContain(title);
    await page.getByRole('tab', { name: '各单位出勤' }).click();
    await expect
      .poll(() => page.getByRole('tabpanel', { name: '各单位出勤' }).innerText())
      .toContain(detail.orgName);
    await page.close();
  });
  it('a district admin runs a research topic from plan to a ledger problem', async () => {
    const page = await loginAs('district_admin');
    await page.goto(`${server.baseUrl}/research`);
    await page.getByTestId('research-new').click();
    const title = `e2e 调研课题 ${Date.now()}`;
    await page.getByTestId('research-title').fill(title);
    const created = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/research-topics') && r.request().method() === 'POST',
    );
    await page.getByTestId('research-submit').click();
    const res = await created;
    expect(res.status()).toBe(201);
    const { id } = (await res.json()) as { id: number };
    await page.goto(`${server.baseUrl}/research/${id}`);
    const drawer = page.locator('.ant-drawer:visible');
    await expect.poll(() => drawer.locator('.ant-drawer-title').innerText()).toBe(title);

    // 开始调研, a finding, 形成报告
    await drawer.getByRole('button', { name: '开始调研' }).click();
    const finding = '部分村级党组织“三会一课”记录雷同';
    await drawer.getByPlaceholder('一条调研发现的具体问题或情况').fill(finding);
    await drawer.getByRole('button', { name: '登记发现' }).click();
    await expect.poll(() => drawer.innerText()).toContain(`1. ${finding}`);
    // 形成报告 needs the report's text: refused with the reason, then written and reported
    await drawer.getByRole('button', { name: '形成报告' }).click();
    await expect.poll(() => page.locator('.ant-message').innerText()).toContain('请先填写调研报告');
    await drawer.getByRole('button', { name: EDIT_REPORT }).click();
    await drawer.locator('textarea').fill('调研报告：问题、原因与建议。');
    await drawer.getByRole('button', { name: SAVE }).click();
    await expect.poll(() => drawer.innerText()).toContain('调研报告：问题、原因与建议。');
    await drawer.getByRole('button', { name: '形成报告' }).click();

    // 成果转化 into a ledger problem: category and deadline are required
    await drawer.getByRole('button', { name: '成果转化' }).click();
    const modal = page.locator('.ant-modal:visible');
    await modal.getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect.poll(() => modal.locator('.ant-form-item-explain-error').count()).toBe(2);
    await modal.locator('.ant-select').click();
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: '工作作风' })
      .click();
    await modal.locator('.ant-picker input').fill('2026-12-31');
    await modal.locator('.ant-picker input').press('Enter');
    const converted = page.waitForResponse(
      (r) => r.url().includes('/convert') && r.request().method() === 'POST',
    );
    await modal.getByRole('button', { name: /确\s*定|OK/ }).click();
    expect((await converted).status()).toBe(200);
    const link = drawer.getByRole('link', { name: /^问题 / });
    await link.waitFor({ timeout: 30_000 });

    // the problem is in the ledger, from 调研发现, at the topic's unit, with the finding as its text
    const topic = await api<{ orgId: number; findings: { problemId: number | null }[] }>(
      page,
      `/api/v1/research-topics/${id}`,
    );
    const problemId = topic.findings[0].problemId;
    expect(problemId).toBeTruthy();
    const problem = await api<{
      orgId: number;
      source: string;
      title: string;
      category: string;
      deadline: string;
    }>(page, `/api/v1/problems/${problemId}`);
    expect(problem).toMatchObject({
      orgId: topic.orgId,
      title: finding,
      category: '工作作风',
      deadline: '2026-12-31',
    });
    expect(problem.source).toMatch(/research/);
    await link.click();
    await expect.poll(() => page.url()).toContain(`/problems/${problemId}`);
    await page.close();
  });
});
