import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, loginPage, pickSearched, startServer, type RunningServer } from './harness.js';

let server: RunningServer;
let browser: Browser;

const loginAs = (username: string): Promise<Page> =>
  loginPage(browser, server.baseUrl, username, {
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    acceptDownloads: true,
  });

interface Item {
  id: number;
  number: string;
  orgId: number;
  orgName: string;
  status: string;
  groupId: number | null;
}
async function api<T>(page: Page, url: string): Promise<T> {
  return (await (await page.request.get(`${server.baseUrl}${url}`)).json()) as T;
}

/** Opens an antd select by its test id, types, and clicks the option that shows `text` (see pickSearched). */
async function choose(page: Page, testId: string, typed: string, text: string) {
  const select = page.getByTestId(testId);
  await select.click();
  const option = await pickSearched(page, select, typed, text, () => page.keyboard.type(typed));
  await option.click();
  await page.keyboard.press('Escape');
}

async function openTab(page: Page, name: string) {
  await page.goto(`${server.baseUrl}/problems`);
  await page.getByRole('tab', { name }).click();
}

describe('检视整改 forms in the browser: rules, systemic groups, inspection rounds, checklist, thresholds', () => {
  let district: Page;
  let open: Item[];
  beforeAll(async () => {
    server = await startServer({ timeoutMs: 300_000 }); // demo seeding is slow on a busy machine
    browser = await launchChromium();
    district = await loginAs('district_admin');
    const list = await api<{ items: Item[] }>(district, '/api/v1/problems?pageSize=200&status=in_progress');
    // one in-progress problem from each of several units of the district, none grouped yet
    const byOrg = new Map<number, Item>();
    for (const p of list.items) if (!p.groupId && !byOrg.has(p.orgId)) byOrg.set(p.orgId, p);
    open = [...byOrg.values()].slice(0, 3);
    expect(open.length).toBe(3);
  }, 360_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('district_admin records a rule for two problems, then links a third', async () => {
    await openTab(district, '建章立制与问题归类');
    await district.getByTestId('rule-new').click();
    await choose(district, 'rule-org', 'dcqw', '中共清河市东城区委员会');
    await district.getByTestId('rule-title').fill('东城区基层减负十条规定');
    await district.getByTestId('rule-doc').fill('东办发〔2023〕21号');
    await district.getByTestId('rule-body').fill('一、严控发文数量；二、精简会议；三、统筹督查检查。');
    await district.getByTestId('rule-file').setInputFiles({
      name: '基层减负十条规定.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('东城区基层减负十条规定\n一、严控发文数量……'),
    });
    for (const p of open.slice(0, 2)) await choose(district, 'rule-problems', p.number, p.number);
    await district.getByTestId('rule-save').click();
    const row = district
      .getByTestId('rule-table')
      .locator('tr')
      .filter({ hasText: '东城区基层减负十条规定' });
    await expect.poll(() => row.getByTestId('rule-count').innerText(), { timeout: 30_000 }).toBe('2');
    expect(await row.getByTestId('rule-file-link').innerText()).toBe('基层减负十条规定.txt');
    await row.getByTestId('rule-link').click();
    await choose(district, 'rule-link-problems', open[2].number, open[2].number);
    await district.getByTestId('rule-link-save').click();
    await expect.poll(() => row.getByTestId('rule-count').innerText(), { timeout: 30_000 }).toBe('3');
    const detail = await api<{ rules: { title: string; docNumber: string }[] }>(
      district,
      `/api/v1/problems/${open[2].id}`,
    );
    expect(detail.rules).toContainEqual(
      expect.objectContaining({ title: '东城区基层减负十条规定', docNumber: '东办发〔2023〕21号' }),
    );
  });

  it('district_admin groups the same problem from three units and issues one measure to all', async () => {
    await openTab(district, '建章立制与问题归类');
    await district.getByTestId('group-new').click();
    await choose(district, 'group-org', 'dcqw', '中共清河市东城区委员会');
    await district.getByTestId('group-title').fill('文山会海反弹（浏览器测试）');
    for (const p of open) await choose(district, 'group-problems', p.number, p.number);
    await district.getByTestId('group-save').click();
    const units = district.getByTestId('group-units');
    await units.waitFor({ timeout: 30_000 });
    for (const p of open) expect(await units.innerText()).toContain(`${p.orgName} 1 个`);
    await district.getByTestId('group-measure-text').fill('统一清理规范各类工作群和报表');
    await district.getByTestId('group-measure-issue').click();
    await district.getByText('已向 3 个未销号问题统一下发措施').waitFor({ timeout: 30_000 });
    for (const p of open) {
      const d = await api<{ measures: { text: string }[]; groupTitle: string | null }>(
        district,
        `/api/v1/problems/${p.id}`,
      );
      expect(d.groupTitle).toBe('文山会海反弹（浏览器测试）');
      expect(d.measures.map((m) => m.text)).toContain('统一清理规范各类工作群和报表');
    }
  });

  it('district_admin starts a leadership-team inspection round against the checklist', async () => {
    await openTab(district, '自我检视');
    await district.getByTestId('round-new').click();
    await choose(district, 'round-org', 'dcqw', '中共清河市东城区委员会');
    await district.getByTestId('round-title').fill('东城区委常委班子对照十查十看检视（浏览器测试）');
    await district.getByTestId('round-save').click();
    await district.waitForURL(/\/inspections\/\d+$/, { timeout: 30_000 });
    await district.getByText('东城区委常委班子对照十查十看检视（浏览器测试）').first().waitFor();
    await district.getByTestId('gap-1').waitFor();
    const rounds = await api<{ items: { title: string; kind: string; orgName: string }[] }>(
      district,
      '/api/v1/inspection-rounds',
    );
    expect(rounds.items).toContainEqual(
      expect.objectContaining({
        title: '东城区委常委班子对照十查十看检视（浏览器测试）',
        kind: 'team',
        orgName: '中共清河市东城区委员会',
      }),
    );
  });

  it('city_admin exports the checklist as JSON, imports an edited one, and sets the light thresholds', async () => {
    const city = await loginAs('city_admin');
    await openTab(city, '自我检视');
    await city.getByTestId('checklist-open').click();
    await city.getByTestId('checklist-items').getByText('理论学习').first().waitFor({ timeout: 30_000 });
    const [download] = await Promise.all([
      city.waitForEvent('download'),
      city.getByTestId('checklist-export').click(),
    ]);
    const exported = JSON.parse(await readFile((await download.path())!, 'utf8')) as {
      items: { title: string; detail: string }[];
    };
    expect(exported.items.length).toBeGreaterThanOrEqual(10);
    exported.items[exported.items.length - 1].detail = '看是否带头落实基层减负（浏览器导入）';
    await city.getByTestId('checklist-file').setInputFiles({
      name: 'bad.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"items":[{"detail":"缺少项目"}]}'),
    });
    await city.getByText('检视清单导入失败：第 1 项缺少 title（检视项目）').waitFor();
    await city.getByTestId('checklist-file').setInputFiles({
      name: '检视清单.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(exported)),
    });
    // the confirmation's own OK button (once seen: a click that sent nothing, with no trace to show what it hit)
    await city
      .locator('.ant-modal-confirm')
      .filter({ hasText: '替换' })
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await city.getByTestId('checklist-items').getByText('看是否带头落实基层减负（浏览器导入）').waitFor({
      timeout: 30_000,
    });
    const campaigns = await api<{ items: { id: number }[] }>(city, '/api/v1/campaigns');
    const stored = await api<{ items: { detail: string }[] }>(
      city,
      `/api/v1/campaigns/${campaigns.items[0].id}/checklist`,
    );
    expect(stored.items.at(-1)?.detail).toBe('看是否带头落实基层减负（浏览器导入）');

    await openTab(city, '台账设置');
    const warn = city.getByTestId('settings-warnDays');
    await warn.waitFor({ timeout: 30_000 });
    await warn.fill('10');
    await city.getByTestId('settings-save').click();
    await city.getByText('台账设置已保存').waitFor({ timeout: 30_000 });
    const s = await api<{ warnDays: number }>(
      city,
      `/api/v1/campaigns/${campaigns.items[0].id}/ledger-settings`,
    );
    expect(s.warnDays).toBe(10);
  });
});
