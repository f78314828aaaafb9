import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  TDashboard as Dashboard,
  TDashboardChildren as DashboardChildren,
  TDashboardParts as DashboardParts,
} from '../server/src/modules/dashboard/dashboard.schemas.js';
import { launchChromium, loginPage, startServer, type RunningServer } from './harness.js';

let server: RunningServer;
let browser: Browser;

const loginAs = (username: string, width = 1440): Promise<Page> =>
  loginPage(browser, server.baseUrl, username, { viewport: { width, height: 900 }, locale: 'zh-CN' });

async function api<T>(page: Page, url: string): Promise<T> {
  const res = await page.request.get(`${server.baseUrl}${url}`);
  expect(res.status(), url).toBe(200);
  return (await res.json()) as T;
}

/** The figures a user reads, computed here from the API's counts (not with the page's own code). */
function expected(p: DashboardParts) {
  const s = (k: string) => p.problems?.byStatus[k]?.total ?? 0;
  const counted = (p.problems?.total ?? 0) - s('draft') - s('cancelled');
  const pct = (n: number, d: number) => (d ? `${Math.round((n * 1000) / d) / 10}%` : '—');
  const rate = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${v}%`);
  return {
    'stat-problems': String(counted),
    'stat-signed-off': String(s('signed_off')),
    'stat-signoff-rate': pct(s('signed_off'), counted),
    'stat-light-red': String(p.problems?.light.red),
    'stat-light-yellow': String(p.problems?.light.yellow),
    'stat-light-blue': String(p.problems?.light.blue),
    'stat-light-green': String(p.problems?.light.green),
    'stat-asg-total': String(p.assignments?.total),
    'stat-asg-rate': pct(p.assignments?.byStatus.accepted ?? 0, p.assignments?.total ?? 0),
    'stat-op-response': rate(p.opinions?.responseRate),
    'stat-op-resolution': rate(p.opinions?.resolutionRate),
    'stat-op-satisfaction': rate(p.opinions?.satisfactionRate),
  };
}

/** The statistic's value as shown (title excluded), without thousands separators. */
const shown = async (page: Page, testid: string) =>
  (await page.getByTestId(testid).locator('.ant-statistic-content').innerText()).replace(/[,\s]/g, '');

async function expectCards(page: Page, d: Dashboard) {
  for (const [testid, value] of Object.entries(expected(d))) {
    await expect.poll(() => shown(page, testid), { message: testid }).toBe(value);
  }
}

/** Opens the dashboard and returns the campaign the page filters by (from its own request) and its answers. */
async function openDashboard(page: Page, open: () => Promise<unknown>) {
  const req = page.waitForRequest((r) => new URL(r.url()).pathname === '/api/v1/dashboard');
  await open();
  const campaignId = Number(new URL((await req).url()).searchParams.get('campaignId'));
  await page.getByTestId('dash-org').waitFor({ timeout: 30_000 });
  return campaignId;
}

describe('工作看板 in the browser', () => {
  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('city office admin: the figures are the API’s, a unit drills down and back, the language switches', async () => {
    const page = await loginAs('city_admin');
    const campaignId = await openDashboard(page, () => page.getByTestId('nav-dashboard').click());
    const campaigns = await api<{ items: { id: number; name: string }[] }>(page, '/api/v1/campaigns');
    const campaign = campaigns.items.find((c) => c.id === campaignId);
    expect(campaign, 'the page filters by a campaign of the header’s list').toBeDefined();
    expect(await page.getByTestId('dash-campaign').innerText()).toContain(campaign!.name);

    const city = await api<Dashboard>(page, `/api/v1/dashboard?campaignId=${campaignId}`);
    expect(await page.getByTestId('dash-org').innerText()).toBe(city.org.name);
    await expectCards(page, city);
    expect(Number(await shown(page, 'stat-problems'))).toBeGreaterThan(0);
    // the same total the ledger's 分级汇总 shows for the campaign
    const rollup = await api<{ total: { total: number } }>(
      page,
      `/api/v1/problems/rollup?campaignId=${campaignId}`,
    );
    expect(await shown(page, 'stat-problems')).toBe(String(rollup.total.total));

    // the by-unit table: one row per child, each with the child's figures
    const kids = await api<DashboardChildren>(page, `/api/v1/dashboard/children?campaignId=${campaignId}`);
    const district = kids.children.find((c) => c.org.name === '中共清河市东城区委员会')!;
    const row = page.locator(`[data-testid="unit-table"] tr[data-row-key="${district.org.id}"]`);
    const cells = await row.locator('td').allInnerTexts();
    const want = expected(district);
    expect(cells.slice(0, 8).map((c) => c.trim())).toEqual([
      district.org.name,
      want['stat-problems'],
      want['stat-signed-off'],
      want['stat-signoff-rate'],
      want['stat-light-red'],
      want['stat-light-yellow'],
      want['stat-light-blue'],
      want['stat-light-green'],
    ]);

    // sorting by 问题数 puts the unit with the most problems first
    await page.locator('[data-testid="unit-table"] th').filter({ hasText: '问题数' }).click();
    await page.locator('[data-testid="unit-table"] th').filter({ hasText: '问题数' }).click();
    const most = Math.max(...kids.children.map((c) => Number(expected(c)['stat-problems'])));
    const firstRow = page.locator('[data-testid="unit-table"] tbody tr.ant-table-row').first();
    await expect
      .poll(async () => (await firstRow.locator('td').nth(1).innerText()).trim())
      .toBe(String(most));

    // drill into the district, then back up through the breadcrumb
    await page.getByTestId(`unit-${district.org.id}`).click();
    await expect.poll(() => page.getByTestId('dash-org').innerText()).toBe(district.org.name);
    expect(new URL(page.url()).searchParams.get('org')).toBe(String(district.org.id));
    const inside = await api<Dashboard>(
      page,
      `/api/v1/dashboard?orgId=${district.org.id}&campaignId=${campaignId}`,
    );
    await expectCards(page, inside);
    await page.getByTestId(`crumb-${city.org.id}`).click();
    await expect.poll(() => page.getByTestId('dash-org').innerText()).toBe(city.org.name);

    // English: the same figures under English labels
    await page.getByTestId('language-switch').getByText('English').click();
    await expect
      .poll(() => page.getByTestId('card-problems').innerText())
      .toContain('Inspection and rectification');
    expect(await page.locator('[data-testid="unit-table"] th').first().innerText()).toContain('Unit');
    expect(await page.getByTestId('side-menu').innerText()).toContain('Dashboard');
    await expectCards(page, city);
    await page.getByTestId('language-switch').getByText('中文').click();
    await expect.poll(() => page.getByTestId('card-problems').innerText()).toContain('检视整改');
  });

  it('district admin: reaches it from the home page, sees the district only, and nothing above it', async () => {
    const page = await loginAs('district_admin');
    const campaignId = await openDashboard(page, () => page.getByTestId('home-dashboard').click());
    const own = await api<Dashboard>(page, `/api/v1/dashboard?campaignId=${campaignId}`);
    expect(own.org.name).toBe('中共清河市东城区委员会');
    expect(await page.getByTestId('dash-org').innerText()).toBe(own.org.name);
    await expectCards(page, own);
    expect(await page.getByTestId('dash-breadcrumb').count()).toBe(0);
    expect(await page.locator('body').innerText()).not.toContain('中共清河市委员会');

    const kids = await api<DashboardChildren>(page, `/api/v1/dashboard/children?campaignId=${campaignId}`);
    const rows = page.locator('[data-testid="unit-table"] tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(Math.min(kids.children.length, 20));
    const child = kids.children.find((c) => (c.problems?.total ?? 0) > 0)!;
    await page.getByTestId(`unit-${child.org.id}`).click();
    await expect.poll(() => page.getByTestId('dash-org').innerText()).toBe(child.org.name);
    await expectCards(
      page,
      await api<Dashboard>(page, `/api/v1/dashboard?orgId=${child.org.id}&campaignId=${campaignId}`),
    );
    expect(await page.getByTestId(`crumb-${own.org.id}`).innerText()).toBe(own.org.name);

    // an org outside the scope (an old link): a plain message, no figures
    await page.goto(`${server.baseUrl}/dashboard?org=${own.org.parentId}`);
    await page.getByTestId('dash-unavailable').waitFor();
    expect(await page.getByTestId('dash-unavailable').innerText()).toContain('不在您的管理范围内');
    expect(await page.getByTestId('card-problems').count()).toBe(0);
    // and back to the own scope from there
    await page.getByTestId('dash-unavailable').getByRole('button').click();
    await expect.poll(() => page.getByTestId('dash-org').innerText()).toBe(own.org.name);
  });
});
