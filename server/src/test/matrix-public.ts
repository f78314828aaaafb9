import { expect } from 'vitest';
import { solvePow } from '../platform/pow.js';
import type { Session, TestApp } from './app.js';

/** The public side's records of 西城区: an opinion routed there (with a picture), a deed, an article. */
export const foreignPublic = { opinion: 0, picture: 0, deed: 0, article: 0, articleImage: 0 };

export const publicIds = (): Record<string, number> => ({
  opinions: foreignPublic.opinion,
  'opinion-files': foreignPublic.picture,
  deeds: foreignPublic.deed,
  articles: foreignPublic.article,
  'article-files': foreignPublic.articleImage,
});

/** Valid bodies for the staff routes of the public side, aimed at 西城区. */
export const publicSamples = (foreignOrg: number, campaignId: number): Record<string, object> => ({
  'POST /api/v1/opinions/:id/dispatch': { version: 1, orgId: foreignOrg },
  'POST /api/v1/opinions/:id/sign': { version: 1 },
  'POST /api/v1/opinions/:id/return': { version: 1, reason: '越权退回' },
  'POST /api/v1/opinions/:id/answer': { version: 1, answer: '越权答复内容' },
  'POST /api/v1/opinions/:id/close': { version: 1, reason: '越权关闭' },
  'POST /api/v1/opinions/:id/publish': { version: 1, on: true },
  'POST /api/v1/opinions/:id/unreasonable': { version: 1, on: true, reason: '越权认定' },
  'POST /api/v1/opinions/:id/hide': { version: 1, on: true, reason: '越权隐藏' },
  'POST /api/v1/opinions/:id/to-problem': {
    version: 1,
    campaignId,
    title: '越权问题',
    category: '工作作风',
    deadline: '2030-01-01',
  },
  'POST /api/v1/deeds': {
    orgId: foreignOrg,
    title: '越权实事',
    targetDate: '2030-01-01',
    milestones: [{ title: '越权', weight: 1 }],
  },
  'POST /api/v1/deeds/:id/progress': { version: 1, milestones: [{ id: 1, progress: 50 }] },
  'POST /api/v1/deeds/:id/complete': { version: 1 },
  'POST /api/v1/articles': { orgId: foreignOrg, title: '越权文章', body: '越权', published: true },
  'PATCH /api/v1/articles/:id': { version: 1, title: '越权改名' },
});

/** Seeds them: the opinion through the public API (proof of work solved here), the rest as city_admin. */
export async function seedForeignPublic(t: TestApp, city: Session, xcId: number): Promise<void> {
  const ch = (await t.app.inject({ method: 'GET', url: '/api/v1/public/challenge' })).json();
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    Buffer.alloc(32),
  ]);
  const sub = await t.app.inject({
    method: 'POST',
    url: '/api/v1/public/opinions',
    remoteAddress: '203.0.113.77',
    payload: {
      category: '投诉',
      orgId: xcId,
      text: '西城区某路段井盖缺失，存在安全隐患',
      pictures: [{ data: png.toString('base64') }],
      challenge: { salt: ch.salt, nonce: solvePow(ch.salt, ch.difficulty) },
    },
  });
  expect(sub.statusCode, sub.body).toBe(201);
  const get = (url: string) =>
    t.app.inject({ method: 'GET', url, headers: { cookie: city.cookie } }).then((r) => r.json());
  const post = (url: string, payload: object) =>
    t.app.inject({ method: 'POST', url, payload, headers: city.headers }).then((r) => r.json());
  const op = (await get(`/api/v1/opinions?orgId=${xcId}&pageSize=200`)).items.find(
    (o: { code: string }) => o.code === sub.json().code,
  );
  foreignPublic.opinion = op.id;
  foreignPublic.picture = (await get(`/api/v1/opinions/${op.id}`)).pictureIds[0];
  foreignPublic.deed = (
    await post('/api/v1/deeds', {
      orgId: xcId,
      title: '西城区实事',
      targetDate: '2030-01-01',
      milestones: [{ title: '节点', weight: 1 }],
    })
  ).id;
  const article = await post('/api/v1/articles', {
    orgId: xcId,
    title: '西城区动态',
    body: '正文',
    images: [png.toString('base64')],
  });
  foreignPublic.article = article.id;
  foreignPublic.articleImage = article.imageIds[0];
  expect(
    Object.values(foreignPublic).every((v) => v > 0),
    JSON.stringify(foreignPublic),
  ).toBe(true);
}
