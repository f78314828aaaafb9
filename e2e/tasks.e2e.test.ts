import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import {
  chromium,
  request,
  type APIRequestContext,
  type Browser,
  type Locator,
  type Page,
} from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginPage, startServer, type RunningServer } from './harness.js';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'];
const OUT = path.resolve(import.meta.dirname, '..', 'test-output');
const DEMO_PASSWORD = 'Demo@2023';
const STREET_PASSWORD = 'Jiedao#2026';
const TITLE = '浏览器测试：开展为民办实事专项督办';
const DISTRICT = '中共清河市东城区委员会';

let server: RunningServer;
let browser: Browser;

interface Org {
  id: number;
  name: string;
  kind: string;
  active: boolean;
}
interface Node {
  id: number;
  orgId: number;
  orgName: string;
  status: string;
  version: number;
}

/** An API session (cookie + CSRF token) for test setup and for the townships acted for through the API. */
async function apiAs(username: string, password = DEMO_PASSWORD) {
  const ctx: APIRequestContext = await request.newContext({ baseURL: server.baseUrl });
  const login = await ctx.post('/api/v1/auth/login', { data: { username, password } });
  expect(login.status(), await login.text()).toBe(200);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const call = async <T>(method: 'get' | 'post', url: string, data?: object): Promise<T> => {
    const res = await ctx[method](url, { data, headers: { 'x-csrf-token': csrfToken } });
    expect(res.status(), `${method} ${url}: ${await res.text()}`).toBeLessThan(300);
    return (await res.json()) as T;
  };
  return {
    get: <T>(url: string) => call<T>('get', url),
    post: <T>(url: string, data: object) => call<T>('post', url, data),
    close: () => ctx.dispose(),
  };
}
type Api = Awaited<ReturnType<typeof apiAs>>;

const loginAs = (username: string, password = DEMO_PASSWORD): Promise<Page> =>
  loginPage(
    browser,
    server.baseUrl,
    username,
    { viewport: { width: 1440, height: 900 }, locale: 'zh-CN' },
    password,
  );

/** Today + n days as YYYY-MM-DD in Asia/Shanghai. */
const dayIn = (n: number) => new Date(Date.now() + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);

/** antd puts data-testid on the input itself or on its wrapper, depending on the component. */
async function inputOf(locator: Locator): Promise<Locator> {
  return (await locator.evaluate((e) => e.tagName)) === 'INPUT' ? locator : locator.locator('input');
}

const rowText = (page: Page, orgId: number) => page.getByTestId(`tree-row-${orgId}`).first().innerText();
const statusText = (page: Page) => page.getByTestId('assignment-status').innerText();

/** Reloads the task page and opens the district's branch of the progress tree. */
async function openTree(page: Page, districtId: number) {
  await page.reload();
  const row = page.getByTestId(`tree-row-${districtId}`);
  await row.waitFor({ timeout: 30_000 });
  const icon = row.locator('.ant-table-row-expand-icon');
  if ((await icon.count()) > 0 && !(await icon.getAttribute('class'))?.includes('expanded'))
    await icon.click();
}

/** Expects a tree row to show this status and light (texts as the zh-CN UI renders them). */
async function expectRow(page: Page, orgId: number, status: string, light: string) {
  await expect.poll(() => rowText(page, orgId), { timeout: 30_000 }).toContain(status);
  expect(await rowText(page, orgId)).toContain(light);
}

/** Opens a unit's item of the task in a home-page "waits for me" list. */
async function openFromHome(page: Page, list: string, orgName: string) {
  await page.goto(`${server.baseUrl}/`);
  const link = page.getByTestId(list).getByRole('link', { name: `${orgName}：${TITLE}` });
  await link.waitFor({ timeout: 30_000 });
  await link.click();
  await page.getByTestId('assignment-status').waitFor({ timeout: 30_000 });
}

async function act(page: Page, action: string, expected: string) {
  await page.getByTestId(`act-${action}`).click();
  await expect.poll(() => statusText(page), { timeout: 30_000 }).toBe(expected);
}

describe('督办 in the browser: city issues, district decomposes, streets report and complete, city accepts', () => {
  const streets: { org: Org; username: string; api?: Api }[] = [];
  let city: Api;
  let districtId = 0;

  beforeAll(async () => {
    server = await startServer({ timeoutMs: 300_000 }); // seeding the demo city is slow on a busy machine
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    await mkdir(OUT, { recursive: true });
    city = await apiAs('city_admin');
    const found = await city.get<{ items: Org[] }>(`/api/v1/orgs?q=${encodeURIComponent('东城区委员会')}`);
    districtId = found.items.find((o) => o.name === DISTRICT)!.id;
    const children = await city.get<{ items: Org[] }>(`/api/v1/orgs/${districtId}/children?pageSize=200`);
    const townships = children.items.filter((o) => o.active && ['street', 'township'].includes(o.kind));
    expect(townships.length).toBeGreaterThanOrEqual(2);
    // the demo city has no township accounts: the user admin creates one per street, the security admin grants it
    const sys = await apiAs('sysadmin');
    const sec = await apiAs('secadmin');
    const roles = await sec.get<{ id: number; code: string }[]>('/api/v1/roles');
    const roleId = roles.find((r) => r.code === 'unit_admin')!.id;
    for (const [i, org] of townships.entries()) {
      const username = `street_e2e_${i + 1}`;
      const user = await sys.post<{ id: number }>('/api/v1/users', {
        username,
        displayName: `${org.name}管理员`,
        orgId: org.id,
        password: STREET_PASSWORD,
      });
      await sec.post('/api/v1/grants', { userId: user.id, roleId, orgId: org.id });
      streets.push({ org, username });
    }
    await sys.close();
    await sec.close();
  }, 600_000);
  afterAll(async () => {
    for (const s of streets) await s.api?.close();
    await city?.close();
    await browser?.close();
    await server?.stop();
  });

  it(
    'runs the whole ladder down and back up, with the right lights at every step',
    { timeout: 900_000 },
    async () => {
      const cityPage = await loginAs('city_admin');
      const districtPage = await loginAs('district_admin');
      const deadline = dayIn(2); // within 3 days: open assignments show the blue light

      // 1. city_admin issues the task to every district (all direct children of the city org)
      await cityPage.getByTestId('nav-tasks').click();
      await cityPage.getByTestId('task-new').click();
      await cityPage.getByTestId('task-title').fill(TITLE);
      await cityPage.getByTestId('task-requirements').fill('各区县结合实际抓好落实，按期反馈进展');
      const dateInput = await inputOf(cityPage.getByTestId('task-deadline'));
      await dateInput.click();
      await dateInput.fill(deadline);
      await dateInput.press('Enter');
      await cityPage.getByTestId('task-submit').click();
      await cityPage.waitForURL(/\/tasks\/\d+$/, { timeout: 30_000 });
      const taskId = Number(cityPage.url().split('/').pop());
      const cityRoot = (
        await city.get<{ items: Org[] }>(`/api/v1/orgs?q=${encodeURIComponent('中共清河市委员会')}`)
      ).items[0];
      const cityChildren = (
        await city.get<{ items: Org[] }>(`/api/v1/orgs/${cityRoot.id}/children?pageSize=200`)
      ).items.filter((o) => o.active);
      await cityPage.getByTestId(`tree-row-${districtId}`).waitFor({ timeout: 30_000 });
      expect(await cityPage.locator('[data-testid^="tree-row-"]').count()).toBe(cityChildren.length);
      for (const o of cityChildren) await expectRow(cityPage, o.id, '待签收', '蓝灯·临期');

      // 2. district_admin finds it among "what waits for me", acknowledges and decomposes it to its townships
      await openFromHome(districtPage, 'home-ack', DISTRICT);
      const districtAssignmentUrl = districtPage.url();
      expect(await statusText(districtPage)).toBe('待签收');
      await act(districtPage, 'acknowledge', '已签收');
      await openTree(cityPage, districtId);
      await expectRow(cityPage, districtId, '已签收', '蓝灯·临期');
      await districtPage.getByTestId('act-decompose').click();
      await districtPage.getByTestId('pick-townships').click();
      const picked = districtPage.getByTestId('decompose-children').locator('input[type=checkbox]:checked');
      await expect.poll(() => picked.count()).toBe(streets.length);
      await districtPage.getByTestId('modal-ok').click();
      await expect
        .poll(() => districtPage.locator('.ant-descriptions').innerText(), { timeout: 30_000 })
        .toMatch(new RegExp(`下级承办单位\\s*${streets.length}`));
      await openTree(cityPage, districtId);
      for (const s of streets) await expectRow(cityPage, s.org.id, '待签收', '蓝灯·临期');
      await cityPage.screenshot({ path: path.join(OUT, 'tasks-e2e-decomposed.png'), fullPage: true });

      // 3. the first street acts in the browser: acknowledge, report progress, complete
      const [first, ...others] = streets;
      const streetPage = await loginAs(first.username, STREET_PASSWORD);
      await openFromHome(streetPage, 'home-ack', first.org.name);
      await act(streetPage, 'acknowledge', '已签收');
      await streetPage.getByTestId('act-report').click();
      await streetPage.getByTestId('report-content').fill('已召开专题会议部署，梳理民生实事清单12项');
      await (await inputOf(streetPage.getByTestId('report-progress'))).fill('50');
      await streetPage.getByTestId('modal-ok').click();
      await expect.poll(() => statusText(streetPage), { timeout: 30_000 }).toBe('办理中');
      await openTree(cityPage, districtId);
      await expectRow(cityPage, first.org.id, '办理中', '蓝灯·临期');
      await streetPage.getByTestId('act-complete').click();
      await streetPage.getByTestId('complete-report').fill('12项民生实事全部办结，群众满意');
      await streetPage.getByTestId('modal-ok').click();
      await expect.poll(() => statusText(streetPage), { timeout: 30_000 }).toBe('已办结待审');
      await openTree(cityPage, districtId);
      await expectRow(cityPage, first.org.id, '已办结待审', '已办结');

      // the other streets do the same through the API
      const district = await apiAs('district_admin');
      const level2 = await district.get<Node[]>(
        `/api/v1/tasks/${taskId}/tree?parentId=${
          (await district.get<Node[]>(`/api/v1/tasks/${taskId}/tree`)).find((n) => n.orgId === districtId)!.id
        }`,
      );
      for (const s of others) {
        s.api = await apiAs(s.username, STREET_PASSWORD);
        const node = level2.find((n) => n.orgId === s.org.id)!;
        let a = await s.api.post<Node>(`/api/v1/assignments/${node.id}/acknowledge`, {
          version: node.version,
        });
        a = await s.api.post<Node>(`/api/v1/assignments/${a.id}/report`, {
          version: a.version,
          content: '正在推进',
          progress: 60,
        });
        await s.api.post<Node>(`/api/v1/assignments/${a.id}/complete`, {
          version: a.version,
          report: '已办结',
        });
      }
      await openTree(cityPage, districtId);
      for (const s of streets) await expectRow(cityPage, s.org.id, '已办结待审', '已办结');
      await expectRow(cityPage, districtId, '已签收', '蓝灯·临期');

      // 4. the district reviews: the first street in the browser (from its "to review" list), the rest by API
      await openFromHome(districtPage, 'home-review', first.org.name);
      await act(districtPage, 'accept', '已审结');
      for (const s of others) {
        const node = level2.find((n) => n.orgId === s.org.id)!;
        const current = await district.get<Node>(`/api/v1/assignments/${node.id}`);
        expect(current.status).toBe('completed');
        await district.post(`/api/v1/assignments/${current.id}/review`, {
          version: current.version,
          decision: 'accept',
        });
      }
      await openTree(cityPage, districtId);
      for (const s of streets) await expectRow(cityPage, s.org.id, '已审结', '已办结');
      await district.close();

      // 5. the district completes its own assignment
      await districtPage.goto(districtAssignmentUrl);
      await districtPage.getByTestId('act-complete').click();
      await districtPage.getByTestId('complete-report').fill('全区6个街道均已办结并通过审结');
      await districtPage.getByTestId('modal-ok').click();
      await expect.poll(() => statusText(districtPage), { timeout: 30_000 }).toBe('已办结待审');
      await openTree(cityPage, districtId);
      await expectRow(cityPage, districtId, '已办结待审', '已办结');

      // 6. the city accepts it from its "to review" list; the other districts are still open and blue
      await openFromHome(cityPage, 'home-review', DISTRICT);
      await act(cityPage, 'accept', '已审结');
      await cityPage.goto(`${server.baseUrl}/tasks/${taskId}`);
      await openTree(cityPage, districtId);
      await expectRow(cityPage, districtId, '已审结', '已办结');
      for (const o of cityChildren.filter((c) => c.id !== districtId))
        await expectRow(cityPage, o.id, '待签收', '蓝灯·临期');
      for (const s of streets) await expectRow(cityPage, s.org.id, '已审结', '已办结');
      await cityPage.screenshot({ path: path.join(OUT, 'tasks-e2e-accepted.png'), fullPage: true });
    },
  );

  it(
    'campaign form and header switch, meeting form, and a decision issued as a task in one step',
    { timeout: 600_000 },
    async () => {
      const page = await loginAs('city_admin');
      const code = `E2E-${Date.now().toString(36)}`;

      // a new campaign through the form: name, issuing unit (scope), two phases with dates, goals
      await page.getByTestId('nav-campaigns').click();
      await page.getByTestId('campaign-new').click();
      await page.getByTestId('campaign-code').fill(code);
      await page.getByTestId('campaign-name').fill('浏览器测试专项活动');
      for (const [i, [name, from, to]] of [
        ['动员部署', dayIn(1), dayIn(10)],
        ['检视整改', dayIn(11), dayIn(40)],
      ].entries()) {
        await page.getByRole('button', { name: '添加阶段' }).click();
        await page.getByPlaceholder('阶段名称').nth(i).fill(name);
        const range = page.locator('.ant-picker-range').nth(i).locator('input');
        await range.nth(0).click();
        await range.nth(0).fill(from);
        await range.nth(0).press('Enter');
        await range.nth(1).fill(to);
        await range.nth(1).press('Enter');
      }
      await page.getByLabel('具体目标').fill('问题清单全部销号\n群众满意度明显提升');
      await page.getByTestId('campaign-submit').click();
      await page.waitForURL(/\/campaigns\/\d+$/, { timeout: 30_000 });
      const campaignId = Number(page.url().split('/').pop());
      const saved = await city.get<{
        code: string;
        phases: { name: string; startsOn: string; endsOn: string }[];
        goals: string[];
      }>(`/api/v1/campaigns/${campaignId}`);
      expect(saved.code).toBe(code);
      expect(saved.phases).toEqual([
        { name: '动员部署', startsOn: dayIn(1), endsOn: dayIn(10) },
        { name: '检视整改', startsOn: dayIn(11), endsOn: dayIn(40) },
      ]);
      expect(saved.goals).toEqual(['问题清单全部销号', '群众满意度明显提升']);

      // the header switch picks the current campaign; the task list follows it, and the choice survives a reload
      const demo = (
        await city.get<{ items: { id: number; name: string }[] }>('/api/v1/campaigns')
      ).items.find((c) => c.id !== campaignId)!;
      const choose = async (name: string) => {
        await page.getByTestId('campaign-switch').click();
        await page.locator('.ant-select-item-option').filter({ hasText: name }).click();
        await expect.poll(() => page.getByTestId('campaign-switch').innerText()).toContain(name);
      };
      const taskRows = () => page.getByTestId('task-list').locator('tr.ant-table-row').count();
      await page.getByTestId('nav-tasks').click();
      await choose('浏览器测试专项活动');
      await expect.poll(taskRows, { timeout: 30_000 }).toBe(0);
      await choose(demo.name);
      await expect.poll(taskRows, { timeout: 30_000 }).toBeGreaterThan(0);
      await page.reload();
      await expect.poll(() => page.getByTestId('campaign-switch').innerText()).toContain(demo.name);
      await expect.poll(taskRows, { timeout: 30_000 }).toBeGreaterThan(0);
      await choose('浏览器测试专项活动');
      await expect.poll(taskRows, { timeout: 30_000 }).toBe(0);

      // a meeting with every direct subordinate unit as a sub-venue
      await page.getByTestId('nav-meetings').click();
      await page.getByTestId('meeting-new').click();
      await page.getByTestId('meeting-title').fill('浏览器测试动员部署会');
      const time = await inputOf(page.getByTestId('meeting-time'));
      await time.click();
      await time.fill(`${dayIn(3)} 09:30`);
      await time.press('Enter');
      await page.getByLabel('参会范围').fill('各区县委书记、分管领导');
      await page.getByLabel('视频会议链接').fill('https://meeting.example.cn/e2e');
      await page.getByTestId('meeting-submit').click();
      await page.waitForURL(/\/meetings\/\d+$/, { timeout: 30_000 });
      const meetingId = Number(page.url().split('/').pop());
      const meeting = await city.get<{ campaignId: number; venues: { kind: string }[] }>(
        `/api/v1/meetings/${meetingId}`,
      );
      expect(meeting.campaignId).toBe(campaignId);
      expect(meeting.venues.filter((v) => v.kind === 'main')).toHaveLength(1);
      expect(meeting.venues.length).toBeGreaterThan(10);

      // a decision issued as a task in the same step, to every direct subordinate unit
      await page.getByTestId('decision-add').click();
      await page.getByTestId('decision-content').fill('各单位一周内报送专项整治方案');
      await page.getByTestId('decision-as-task').click();
      await page.getByTestId('task-title').fill('报送专项整治方案');
      const due = await inputOf(page.getByTestId('task-deadline'));
      await due.click();
      await due.fill(dayIn(7));
      await due.press('Enter'); // commits the date; Enter also submits the form
      const submit = page.getByTestId('decision-submit');
      // The Enter submission closes the dialog. Click only if it did not (the form refuses a second submit while
      // one is in flight, so checking visibility and clicking at once races with the dialog closing).
      const closed = await submit.waitFor({ state: 'hidden', timeout: 45_000 }).then(
        () => true,
        () => false,
      );
      if (!closed) await submit.click();
      const taskLink = page.getByTestId('meeting-decisions').getByRole('link', { name: '查看督办事项' });
      await taskLink.waitFor({ timeout: 30_000 });
      await taskLink.click();
      await page.waitForURL(/\/tasks\/\d+$/, { timeout: 30_000 });
      await expect
        .poll(() => page.locator('[data-testid^="tree-row-"]').count(), { timeout: 30_000 })
        .toBeGreaterThan(10);
      const taskId = Number(page.url().split('/').pop());
      const task = await city.get<{ campaignId: number; meetingId: number | null }>(
        `/api/v1/tasks/${taskId}`,
      );
      expect(task).toMatchObject({ campaignId, meetingId });
    },
  );
});
