import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginPage, startServer, type RunningServer } from './harness.js';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'];
const OUT = path.resolve(import.meta.dirname, '..', 'test-output');

let server: RunningServer;
let browser: Browser;

const loginAs = (username: string): Promise<Page> =>
  loginPage(browser, server.baseUrl, username, { viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });

interface RollupRow {
  orgName: string;
  signedOff: number;
  submitted: number;
  open: number;
  inProgress: number;
  total: number;
}
/** The caller's roll-up total and its ledger entry for one problem number, read with the page's session. */
async function seen(page: Page, number: string) {
  const ledger = await page.request.get(`${server.baseUrl}/api/v1/problems?q=${number}`);
  const items = ((await ledger.json()) as { items: { status: string }[] }).items;
  const roll = (await (await page.request.get(`${server.baseUrl}/api/v1/problems/rollup`)).json()) as {
    total: RollupRow;
  };
  return { status: items[0]?.status, total: roll.total };
}

const statusText = (page: Page) => page.getByTestId('problem-status').first().innerText();

describe('检视整改 in the browser: self-inspection to sign-off', () => {
  beforeAll(async () => {
    server = await startServer();
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    await mkdir(OUT, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('member finds, secretary plans, owner completes, owner cannot sign off, district signs off', async () => {
    const member = await loginAs('branch_member');
    const secretary = await loginAs('branch_secretary');
    const district = await loginAs('district_admin');
    const city = await loginAs('city_admin');

    // branch_member self-inspects against 十查十看 and marks a finding as a problem
    await member.getByTestId('nav-problems').click();
    await member.getByRole('tab', { name: '自我检视' }).click();
    await member.getByTestId('round-link').first().click();
    await member.getByTestId('gap-1').fill('浏览器测试：理论学习满足于读原文');
    await member.getByTestId('is-problem-1').click();
    await member.getByTestId('inspection-submit').click();
    const link = member.getByText('已转为问题');
    await link.waitFor({ timeout: 30_000 });
    await link.click();
    await member.getByTestId('problem-number').waitFor();
    const number = await member.getByTestId('problem-number').innerText();
    const problemUrl = member.url();
    expect(await statusText(member)).toBe('待整改');
    const before = { district: await seen(district, number), city: await seen(city, number) };
    expect(before.district.status).toBe('open');
    expect(before.city.status).toBe('open');

    // branch_secretary adds measures
    await secretary.goto(problemUrl);
    await secretary.getByTestId('measure-text').fill('制定个人学习计划，每周撰写学习体会');
    await secretary.getByTestId('measure-add').click();
    await expect.poll(() => secretary.getByTestId('measures').innerText()).toContain('制定个人学习计划');

    // the owner starts, completes the measure, uploads evidence and reports completion
    await member.reload();
    await member.getByTestId('action-start').click();
    await expect.poll(() => statusText(member)).toBe('整改中');
    await member.getByTestId('measure-done-1').click();
    await expect.poll(() => member.getByTestId('measure-done-1').isChecked()).toBe(true);
    await member.locator('input[type=file]').setInputFiles({
      name: '学习体会.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('每周学习体会汇总\n第一周：……'),
    });
    await expect.poll(() => member.getByText('学习体会.txt').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await member.getByTestId('action-submit').click();
    await expect.poll(() => statusText(member)).toBe('已完成待验收');
    // the owner is offered no sign-off, and the branch secretary neither
    expect(await member.getByTestId('action-sign_off').count()).toBe(0);
    await secretary.reload();
    await secretary.getByTestId('problem-number').waitFor();
    expect(await secretary.getByTestId('action-sign_off').count()).toBe(0);
    expect((await seen(district, number)).status).toBe('submitted');

    // district_admin signs it off
    await district.goto(problemUrl);
    await district.getByTestId('action-sign_off').click();
    await district.getByTestId('action-comment').fill('整改到位，同意销号');
    await district.getByTestId('action-confirm').click();
    await expect.poll(() => statusText(district)).toBe('已销号');
    await district.screenshot({ path: path.join(OUT, 'problems-e2e-signed-off.png'), fullPage: true });

    // the ledger and the roll-up at branch, district and city show it
    for (const [who, page] of [
      ['branch', member],
      ['district', district],
      ['city', city],
    ] as const) {
      const now = await seen(page, number);
      expect(now.status, who).toBe('signed_off');
    }
    const after = { district: await seen(district, number), city: await seen(city, number) };
    expect(after.district.total.signedOff).toBe(before.district.total.signedOff + 1);
    expect(after.city.total.signedOff).toBe(before.city.total.signedOff + 1);
    await city.getByTestId('nav-problems').click();
    await city.getByRole('tab', { name: '分级汇总' }).click();
    await expect
      .poll(() => city.getByTestId('rollup-table').innerText(), { timeout: 30_000 })
      .toContain('东城区');
    await city.screenshot({ path: path.join(OUT, 'problems-e2e-rollup.png'), fullPage: true });
  });
});
