import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type Session, type TestApp } from '../../test/app.js';

let t: TestApp;
let city: Session;
let cityOrg = 0;

const png = (fill: number) =>
  Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(40, fill)]);
const b64 = (b: Buffer) => b.toString('base64');

const get = (url: string, s?: Session) =>
  t.app.inject({ method: 'GET', url, headers: s ? { cookie: s.cookie } : {} });
const send = (method: 'POST' | 'PATCH', url: string, payload: object) =>
  t.app.inject({ method, url, payload, headers: city.headers });

beforeAll(async () => {
  t = await makeTestApp({ demo: true });
  city = await t.login('city_admin');
  cityOrg = (await get('/api/v1/auth/me', city)).json().grants[0].orgId as number;
});
afterAll(async () => t.close());

describe('articles management (宣传组)', () => {
  it('writes a draft with a picture, publishes, edits text and pictures, withdraws', async () => {
    const created = await send('POST', '/api/v1/articles', {
      orgId: cityOrg,
      kind: 'example',
      title: '测试典型：社区夜间便民服务',
      body: '社区在晚间开设便民窗口。',
      images: [b64(png(1))],
    });
    expect(created.statusCode, created.body).toBe(201);
    const a = created.json();
    expect(a).toMatchObject({ kind: 'example', published: false, publishedAt: null });
    const [firstImage] = a.imageIds as number[];

    // a draft's picture: the staff route serves it, the public one does not
    const staff = await get(`/api/v1/article-files/${firstImage}`, city);
    expect(staff.statusCode).toBe(200);
    expect(staff.headers['x-content-type-options']).toBe('nosniff');
    expect(staff.rawPayload.equals(png(1))).toBe(true);
    expect((await get(`/api/v1/public/files/${firstImage}`)).statusCode).toBe(404);
    expect((await get(`/api/v1/article-files/${firstImage}`)).statusCode).toBe(401);

    const published = await send('PATCH', `/api/v1/articles/${a.id}`, {
      version: a.version,
      published: true,
    });
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json().publishedAt).not.toBeNull();
    expect((await get(`/api/v1/public/files/${firstImage}`)).statusCode).toBe(200);
    const portal = (await get('/api/v1/public/articles?pageSize=100')).json().items as { id: number }[];
    expect(portal.map((x) => x.id)).toContain(a.id);

    // replace the picture and the title: the old picture is gone everywhere
    const edited = await send('PATCH', `/api/v1/articles/${a.id}`, {
      version: published.json().version,
      title: '测试典型：社区夜间便民服务（更新）',
      kind: 'news',
      imageIds: [],
      images: [b64(png(2)), b64(png(3))],
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const e = edited.json();
    expect(e).toMatchObject({ title: '测试典型：社区夜间便民服务（更新）', kind: 'news', published: true });
    expect(e.imageIds).toHaveLength(2);
    expect(e.imageIds).not.toContain(firstImage);
    expect((await get(`/api/v1/article-files/${firstImage}`, city)).statusCode).toBe(404);
    expect((await get(`/api/v1/public/files/${e.imageIds[1]}`)).rawPayload.equals(png(3))).toBe(true);

    const withdrawn = await send('PATCH', `/api/v1/articles/${a.id}`, {
      version: e.version,
      published: false,
    });
    expect(withdrawn.json()).toMatchObject({ published: false, publishedAt: null });
    expect((await get(`/api/v1/public/files/${e.imageIds[0]}`)).statusCode).toBe(404);
    expect((await get(`/api/v1/public/articles/${a.id}`)).statusCode).toBe(404);

    const stale = await send('PATCH', `/api/v1/articles/${a.id}`, { version: e.version, title: '旧版本' });
    expect(stale.statusCode).toBe(409);
  });

  it('refuses a picture that is not JPEG, PNG or WebP by content, and more than six, naming the field', async () => {
    const html = await send('POST', '/api/v1/articles', {
      orgId: cityOrg,
      title: '图片类型测试',
      body: '正文',
      images: [b64(Buffer.from('<html><script>alert(1)</script></html>'))],
    });
    expect(html.statusCode).toBe(400);
    expect(html.json().fields[0]).toEqual({
      field: 'images.0',
      message: '只接受1MB以内的JPEG、PNG或WebP图片',
    });
    const draft = (
      await send('POST', '/api/v1/articles', {
        orgId: cityOrg,
        title: '图片数量测试',
        body: '正文',
        images: [],
      })
    ).json();
    const many = await send('PATCH', `/api/v1/articles/${draft.id}`, {
      version: draft.version,
      images: Array.from({ length: 4 }, (_, i) => b64(png(i))),
    });
    expect(many.statusCode).toBe(200);
    const more = await send('PATCH', `/api/v1/articles/${draft.id}`, {
      version: many.json().version,
      images: Array.from({ length: 3 }, (_, i) => b64(png(i))),
    });
    expect(more.statusCode).toBe(400);
    expect(more.json().fields[0]).toEqual({ field: 'images', message: '最多6张图片' });
  });

  it('is only for users with article.manage', async () => {
    const member = await t.login('branch_member');
    const res = await get('/api/v1/articles', member);
    expect(res.json().total).toBe(0);
    const write = await t.app.inject({
      method: 'POST',
      url: '/api/v1/articles',
      headers: member.headers,
      payload: { orgId: cityOrg, title: '无权发布', body: '正文' },
    });
    expect([403, 404]).toContain(write.statusCode);
    const listed = await get('/api/v1/articles', city);
    expect(listed.json().total).toBeGreaterThan(0);
  });
});
