import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './harness.js';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const OUT = path.resolve(import.meta.dirname, '..', 'test-output');
const DISTRICT_ROOT = '中共清河市东城区委员会';

let server: RunningServer;
let browser: Browser;
let page: Page;

async function treeNodeTexts(p: Page): Promise<string[]> {
  return p.getByTestId('org-tree').getByTestId('org-tree-node').allInnerTexts();
}

describe('组织机构 as district_admin (scope 东城区)', () => {
  beforeAll(async () => {
    server = await startServer();
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    await mkdir(OUT, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('logs in, sees only the 东城区 subtree, creates a branch and finds it in the tree', async () => {
    await page.goto(`${server.baseUrl}/login`);
    await page.getByTestId('login-username').fill('district_admin');
    await page.getByTestId('login-password').fill('Demo@2023');
    await page.getByTestId('login-submit').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 30_000 });

    // Header: the user's scope is 东城区, and the demo marker is visible.
    await expect.poll(() => page.getByTestId('scope-roots').innerText()).toBe(DISTRICT_ROOT);
    await expect.poll(() => page.getByTestId('demo-tag').isVisible()).toBe(true);

    // Menus follow abilities: a unit admin has no 用户管理 / 审计日志.
    await page.getByTestId('nav-orgs').click();
    await page.waitForURL('**/orgs');
    expect(await page.getByTestId('nav-users').count()).toBe(0);
    expect(await page.getByTestId('nav-audit').count()).toBe(0);

    // The tree starts at 东城区委 (opened), and nothing outside the district appears.
    await expect.poll(() => treeNodeTexts(page), { timeout: 30_000 }).toContain('东城区教育局');
    const nodes = await treeNodeTexts(page);
    expect(nodes[0]).toBe(DISTRICT_ROOT);
    expect(nodes).not.toContain('中共清河市委员会');
    expect(nodes.some((n) => n.includes('西城区'))).toBe(false);
    expect(nodes.some((n) => n.startsWith('市'))).toBe(false);

    // Search is scoped too: 西城区委 (xcqw) is not found, 东城区委 (dcqw) is.
    const search = page.getByTestId('org-search').locator('input');
    await search.fill('xcqw');
    await page.waitForTimeout(1_000);
    expect(await page.getByTestId('org-search-option').count()).toBe(0);
    await search.fill('dcqw');
    await expect
      .poll(() => page.getByTestId('org-search-option').allInnerTexts())
      .toEqual(expect.arrayContaining([expect.stringContaining(DISTRICT_ROOT)]));
    await search.fill('');

    // Create a branch under the selected root.
    await expect.poll(() => page.getByTestId('org-detail-name').innerText()).toBe(DISTRICT_ROOT);
    const branch = `东城区浏览器测试第${Date.now() % 100_000}党支部`;
    await page.getByTestId('org-create-child').click();
    const nameInput = page.getByTestId('org-name-input');
    await nameInput.waitFor({ state: 'visible' });
    await nameInput.fill(branch);
    await page.getByTestId('org-kind-select').click();
    await page.keyboard.type('党支部');
    await page.locator('.ant-select-item-option[title="党支部"]').click();
    await page.getByTestId('org-form-submit').click();

    // The parent's children were refreshed: the new branch is in the tree and in the children table.
    const newNode = page.getByTestId('org-tree').getByTestId('org-tree-node').filter({ hasText: branch });
    await newNode.waitFor({ state: 'visible', timeout: 30_000 });
    await expect
      .poll(() => page.getByTestId('org-children-table').innerText(), { timeout: 30_000 })
      .toContain(branch);
    await page.screenshot({ path: path.join(OUT, 'orgs-e2e-created.png'), fullPage: true });

    // It is really stored: after a reload the tree, loaded afresh from the server, still shows it.
    await page.reload();
    await expect.poll(() => treeNodeTexts(page), { timeout: 30_000 }).toContain(branch);
    await newNode.click();
    await expect.poll(() => page.getByTestId('org-detail-name').innerText()).toBe(branch);
    await page.screenshot({ path: path.join(OUT, 'orgs-e2e.png'), fullPage: true });
  });
});
