import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, loginPage, pickSearched, startServer, type RunningServer } from './harness.js';

const OUT = path.resolve(import.meta.dirname, '..', 'test-output');
/** A phone: the portal is mobile first, and the dispatcher and the unit work from their phones too. */
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' };
const UNIT = '市发展和改革委员会';
/** A real 1×1 PNG, so the dispatcher's page can show it. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

let server: RunningServer;
let browser: Browser;

async function phone(): Promise<Page> {
  const context = await browser.newContext(PHONE);
  return context.newPage();
}

const loginAs = (username: string) => loginPage(browser, server.baseUrl, username, PHONE);

/** The same rounding as the server: one decimal, '—' when there is nothing to divide by. */
const pct = (n: number, d: number) => (d > 0 ? `${Math.round((n / d) * 1000) / 10}%` : '—');

interface StaffRow {
  received: number;
  signedOnTime: number;
  answered: number;
  resolved: number;
  rated: number;
  satisfied: number;
  rates: string[];
}

/** The unit's row in the 统计 tab of its opinion page, as shown. */
async function staffStats(page: Page): Promise<StaffRow> {
  await page.goto(`${server.baseUrl}/opinions`);
  await page.getByRole('tab', { name: '统计' }).tap();
  const row = page.getByTestId(`stats-${UNIT}`);
  await row.waitFor({ timeout: 60_000 });
  const cells = (await row.locator('td').allInnerTexts()).map((c) => c.trim());
  // 单位 受理 按时签收 已答复 已解决 已评价 满意 超期 不计入 响应率 解决率 满意率
  const n = (i: number) => Number(cells[i]);
  return {
    received: n(1),
    signedOnTime: n(2),
    answered: n(3),
    resolved: n(4),
    rated: n(5),
    satisfied: n(6),
    rates: cells.slice(9, 12),
  };
}

/** The same unit's response, resolution and satisfaction rates on the public portal's 统计 tab. */
async function publicRates(page: Page): Promise<{ received: number; rates: string[] }> {
  await page.goto(`${server.baseUrl}/public/stats`);
  const row = page.getByTestId(`stats-${UNIT}`);
  await row.waitFor({ timeout: 60_000 });
  const cells = (await row.locator('td').allInnerTexts()).map((c) => c.trim());
  // 单位 公示整改 已销号 收到意见 响应率 解决率 满意率 实事 实事进度
  return { received: Number(cells[3]), rates: cells.slice(4, 7) };
}

const expectedRates = (s: Omit<StaffRow, 'rates'>) => [
  pct(s.signedOnTime, s.received),
  pct(s.resolved, s.received),
  pct(s.satisfied, s.rated),
];

/** Opens an opinion from a queue tab by its code, using the queue's search. */
async function openFromQueue(page: Page, tab: string, box: string, code: string) {
  await page.goto(`${server.baseUrl}/opinions`);
  await page.getByRole('tab', { name: tab }).tap();
  const search = page.getByTestId(`opinion-search-${box}`).locator('input');
  await search.fill(code);
  await search.press('Enter');
  await page.getByRole('link', { name: code }).tap();
  await page.getByTestId('opinion-status').waitFor({ timeout: 60_000 });
}

const modalOk = (page: Page) => page.locator('.ant-modal-footer .ant-btn-primary').tap();

describe('群众意见 on a phone: submit, route, answer, rate unsatisfied, reopen, statistics', () => {
  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    await mkdir(OUT, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('reaches the unit through the dispatcher and comes back to the citizen by the code', async () => {
    const unit = await loginAs('dept_liaison');
    const dispatcher = await loginAs('city_admin');
    const citizen = await phone();
    const before = await staffStats(unit);
    expect(before.rates).toEqual(expectedRates(before));
    const publicBefore = await publicRates(citizen);
    expect(publicBefore.rates).toEqual(before.rates);

    // the citizen submits on /public (the page solves the proof of work) with a picture, and gets a code
    await citizen.goto(`${server.baseUrl}/public/submit`);
    const text = `浏览器测试：发改委窗口办事排队时间太长，建议增加周末窗口 ${Date.now()}`;
    await citizen.getByTestId('opinion-text').fill(text);
    await citizen.getByLabel('姓名（选填）').fill('欧阳娜娜');
    await citizen.getByLabel('手机（选填）').fill('13912345678');
    await citizen
      .locator('input[type=file]')
      .setInputFiles({ name: '排队.png', mimeType: 'image/png', buffer: PNG });
    await citizen.getByTestId('opinion-submit').tap();
    const codeEl = citizen.getByTestId('opinion-code');
    await codeEl.waitFor({ timeout: 60_000 });
    const code = (await codeEl.innerText()).trim();
    expect(code).toMatch(/^[0-9A-Z]{10}$/);
    await citizen.screenshot({ path: path.join(OUT, 'public-e2e-code.png'), fullPage: true });

    // the dispatcher finds it in the 派单队列, sees the contact and the picture, and routes it to the unit
    await openFromQueue(dispatcher, '派单队列', 'dispatch', code);
    expect(await dispatcher.getByTestId('opinion-status').innerText()).toBe('待派单');
    expect(await dispatcher.getByTestId('opinion-contact').innerText()).toContain('13912345678');
    await expect.poll(() => dispatcher.getByTestId('opinion-picture').count()).toBe(1);
    await expect
      .poll(() =>
        dispatcher
          .getByTestId('opinion-picture')
          .evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
      )
      .toBe(1);
    await dispatcher.getByTestId('act-dispatch').tap();
    const dispatchOrg = dispatcher.getByTestId('dispatch-org');
    await (
      await pickSearched(dispatcher, dispatchOrg, UNIT, UNIT, () => dispatchOrg.locator('input').fill(UNIT))
    ).tap();
    await modalOk(dispatcher);
    await expect.poll(() => dispatcher.getByTestId('opinion-status').innerText()).toBe('待签收');
    await dispatcher.screenshot({ path: path.join(OUT, 'public-e2e-dispatched.png'), fullPage: true });

    // the unit signs for it and answers from its inbox (本单位待办)
    await openFromQueue(unit, '本单位待办', 'unit', code);
    await unit.getByTestId('act-sign').tap();
    await modalOk(unit);
    await expect.poll(() => unit.getByTestId('opinion-status').innerText()).toBe('办理中');
    await unit.getByTestId('act-answer').tap();
    const answer = '已增设周六上午综合窗口，并上线网上预约取号，请您预约后前来办理。';
    await unit.getByTestId('answer-text').fill(answer);
    await modalOk(unit);
    await expect.poll(() => unit.getByTestId('opinion-status').innerText()).toBe('已答复待评价');
    const answered = await staffStats(unit);
    expect(answered).toMatchObject({
      received: before.received + 1,
      signedOnTime: before.signedOnTime + 1,
      answered: before.answered + 1,
      resolved: before.resolved + 1,
      rated: before.rated,
      satisfied: before.satisfied,
    });
    expect(answered.rates).toEqual(expectedRates(answered));

    // the citizen opens the code page, sees the answer and rates it 不满意: it reopens
    await citizen.goto(`${server.baseUrl}/public/track?code=${code}`);
    await expect
      .poll(() => citizen.getByTestId('track-answer').innerText(), { timeout: 60_000 })
      .toBe(answer);
    const shown = await citizen.getByTestId('track-result').innerText();
    expect(shown).not.toContain('13912345678');
    expect(shown).not.toContain('欧阳娜娜');
    await citizen
      .locator('label')
      .filter({ has: citizen.getByTestId('rate-不满意') })
      .tap();
    await citizen.getByTestId('rate-submit').tap();
    await expect
      .poll(() => citizen.getByTestId('track-status').innerText(), { timeout: 60_000 })
      .toBe('不满意重办');
    expect(await citizen.getByTestId('track-result').innerText()).toContain('您评价不满意，已重新交办');
    await citizen.screenshot({ path: path.join(OUT, 'public-e2e-reopened.png'), fullPage: true });

    // the unit sees it back in its inbox, and its statistics count an answered, rated, unresolved opinion
    await openFromQueue(unit, '本单位待办', 'unit', code);
    expect(await unit.getByTestId('opinion-status').innerText()).toBe('不满意重办');
    const after = await staffStats(unit);
    expect(after).toMatchObject({
      received: before.received + 1,
      signedOnTime: before.signedOnTime + 1,
      answered: before.answered + 1,
      resolved: before.resolved,
      rated: before.rated + 1,
      satisfied: before.satisfied,
    });
    expect(after.rates).toEqual(expectedRates(after));
    expect(after.rates).not.toEqual(before.rates);
    await unit.screenshot({ path: path.join(OUT, 'public-e2e-unit-stats.png'), fullPage: true });

    // the portal's statistics show the same change to everyone
    const publicAfter = await publicRates(citizen);
    expect(publicAfter).toEqual({ received: publicBefore.received + 1, rates: after.rates });
    await citizen.screenshot({ path: path.join(OUT, 'public-e2e-public-stats.png'), fullPage: true });
  }, 480_000);

  it('lets a unit register a deed with milestones, update its progress and complete it', async () => {
    const unit = await loginAs('dept_liaison');
    const title = `浏览器测试实事：政务大厅适老化改造 ${Date.now()}`;
    await unit.goto(`${server.baseUrl}/deeds`);
    await unit.getByTestId('deed-new').tap();
    const deedOrg = unit.getByTestId('deed-org');
    await (await pickSearched(unit, deedOrg, UNIT, UNIT, () => deedOrg.locator('input').fill(UNIT))).tap();
    await unit.getByTestId('deed-title').fill(title);
    const date = unit.locator('.ant-modal .ant-picker input');
    await date.fill('2026-12-31');
    await date.press('Enter');
    await unit.getByTestId('milestone-title-0').fill('制定改造方案');
    await unit.getByTestId('milestone-add').tap();
    await unit.getByTestId('milestone-title-1').fill('完成改造投用');
    await modalOk(unit);
    const row = unit.getByTestId(`deed-${title}`);
    await row.waitFor({ timeout: 60_000 });
    expect(await row.getByTestId('deed-progress').innerText()).toContain('0%');

    // equal weights: 100% and 50% roll up to 75%
    await row.getByTestId('deed-update').tap();
    await unit.getByTestId('milestone-progress-制定改造方案').fill('100');
    await unit.getByTestId('milestone-progress-完成改造投用').fill('50');
    await modalOk(unit);
    await expect
      .poll(() => row.getByTestId('deed-progress').innerText(), { timeout: 60_000 })
      .toContain('75%');

    await row.getByTestId('deed-complete').tap();
    const confirm = unit.locator('.ant-modal-confirm-btns .ant-btn-primary');
    await confirm.tap();
    await confirm.waitFor({ state: 'detached', timeout: 60_000 });
    await expect.poll(() => row.innerText(), { timeout: 60_000 }).toContain('已完成');
    expect(await row.getByTestId('deed-progress').innerText()).toContain('100%');
    await unit.screenshot({ path: path.join(OUT, 'public-e2e-deed.png'), fullPage: true });

    const portal = await phone();
    await portal.goto(`${server.baseUrl}/public/deeds`);
    await expect.poll(() => portal.locator('body').innerText(), { timeout: 60_000 }).toContain(title);
  }, 300_000);
});
