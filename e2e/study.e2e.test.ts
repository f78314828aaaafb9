import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, loginPage, startServer, type RunningServer } from './harness.js';

let server: RunningServer;
let browser: Browser;

interface SessionDetail {
  id: number;
  title: string;
  orgName: string;
  counts: { present: number; leave: number; absent: number };
  attendance: { personId: number; name: string; status: string; reason: string }[];
}

async function api<T>(page: Page, url: string): Promise<T> {
  const res = await page.request.get(`${server.baseUrl}${url}`);
  expect(res.status(), url).toBe(200);
  return (await res.json()) as T;
}

describe('理论学习 in the browser', () => {
  beforeAll(async () => {
    server = await startServer({ timeoutMs: 300_000 });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a branch secretary records a session: leave needs a reason, the saved attendance is what was marked', async () => {
    const page = await loginPage(browser, server.baseUrl, 'branch_secretary', {
      viewport: { width: 1440, height: 900 },
      locale: 'zh-CN',
    });
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
});
