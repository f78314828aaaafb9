import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './harness.js';

/** Stored HTML renders as text: org names that are markup show up literally, and none of it runs. */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'];
const PAYLOADS = ['<img src=x onerror="window.__pwned=1">', '<script>window.__pwned=1</script>'];

let server: RunningServer;
let browser: Browser;
let page: Page;

describe('stored HTML renders as text', () => {
  beforeAll(async () => {
    server = await startServer();
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('org names with markup show as text and never execute', async () => {
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    // Log in through the API in the page's own context, so the browser holds the session cookie.
    const login = await page.request.post(`${server.baseUrl}/api/v1/auth/login`, {
      data: { username: 'district_admin', password: 'Demo@2023' },
    });
    expect(login.status()).toBe(200);
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const roots = await page.request.get(
      `${server.baseUrl}/api/v1/orgs?q=${encodeURIComponent('中共清河市东城区委员会')}`,
    );
    const districtId = ((await roots.json()) as { items: { id: number }[] }).items[0].id;
    for (const name of PAYLOADS) {
      const res = await page.request.post(`${server.baseUrl}/api/v1/orgs`, {
        data: { parentId: districtId, name, kind: 'branch' },
        headers: { 'x-csrf-token': csrfToken },
      });
      expect(res.status(), await res.text()).toBe(201);
    }

    await page.goto(`${server.baseUrl}/orgs`);
    const nodes = page.getByTestId('org-tree').getByTestId('org-tree-node');
    for (const name of PAYLOADS) {
      await expect.poll(() => nodes.allInnerTexts(), { timeout: 30_000 }).toContain(name);
    }
    await expect
      .poll(() => page.getByTestId('org-children-table').innerText(), { timeout: 30_000 })
      .toContain(PAYLOADS[0]);
    // Open each one: its name is the detail's heading, as text.
    for (const name of PAYLOADS) {
      await nodes.filter({ hasText: name }).first().click();
      await expect.poll(() => page.getByTestId('org-detail-name').innerText()).toBe(name);
    }
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });
});
