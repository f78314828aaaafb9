import { and, count, desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client.js';
import { requireVisible, scopeSql } from '../../platform/access/access.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { now } from '../../platform/clock.js';
import type { Ctx } from '../../platform/context.js';
import { invalid, notFound, versionConflict } from '../../platform/errors.js';
import { maskText } from '../../platform/masking.js';
import { offset } from '../../platform/schemas.js';
import { sniffImage } from '../../platform/files.js';
import { publicFiles } from '../opinions/opinions.table.js';
import { orgs } from '../orgs/orgs.table.js';
import type { TArticleUpdate, TArticleWrite } from './articles.schemas.js';
import { articles } from './articles.table.js';

async function list(tx: Executor, where: SQL | undefined, q: { page: number; pageSize: number }) {
  const [{ total }] = await tx
    .select({ total: count() })
    .from(articles)
    .innerJoin(orgs, eq(orgs.id, articles.orgId))
    .where(where);
  const rs = await tx
    .select({ a: articles, orgName: orgs.name })
    .from(articles)
    .innerJoin(orgs, eq(orgs.id, articles.orgId))
    .where(where)
    .orderBy(desc(articles.publishedAt), desc(articles.id))
    .limit(q.pageSize)
    .offset(offset(q));
  return { items: rs.map((r) => present(r.a, r.orgName)), total };
}

function present(a: typeof articles.$inferSelect, orgName: string) {
  return {
    id: a.id,
    orgId: a.orgId,
    orgName,
    kind: a.kind,
    title: a.title,
    body: a.body,
    imageIds: a.imageIds,
    published: a.published,
    publishedAt: a.publishedAt?.toISOString() ?? null,
    version: a.version,
  };
}

export const listArticles = (db: Db, ctx: Ctx, q: { page: number; pageSize: number; kind?: string }) =>
  list(
    db,
    and(scopeSql(ctx.actor, 'article.manage', orgs.path), q.kind ? eq(articles.kind, q.kind) : undefined),
    q,
  );

/** Public: published only; free text masked all the same. */
export async function publicArticles(db: Executor, q: { page: number; pageSize: number; kind?: string }) {
  const res = await list(
    db,
    and(eq(articles.published, true), q.kind ? eq(articles.kind, q.kind) : undefined),
    q,
  );
  return {
    ...res,
    items: res.items.map((a) => ({ ...a, title: maskText(a.title), body: maskText(a.body) })),
  };
}

export async function publicArticle(db: Executor, id: number) {
  const res = await list(db, and(eq(articles.published, true), eq(articles.id, id)), {
    page: 1,
    pageSize: 1,
  });
  const a = res.items[0];
  if (!a) throw notFound();
  return { ...a, title: maskText(a.title), body: maskText(a.body) };
}

const MAX_IMAGES = 6;

/** Base64 pictures, each checked by content (JPEG/PNG/WebP) and size. */
function decodeImages(images: string[] | undefined) {
  return (images ?? []).map((s, i) => {
    const buf = Buffer.from(s.replace(/^data:[^,]*,/, ''), 'base64');
    const mime = sniffImage(buf);
    if (!mime || buf.length > 1024 * 1024)
      throw invalid([{ field: `images.${i}`, message: '只接受1MB以内的JPEG、PNG或WebP图片' }]);
    return { buf, mime };
  });
}

async function storeImages(tx: Executor, articleId: number, images: ReturnType<typeof decodeImages>) {
  const ids: number[] = [];
  for (const img of images) {
    const [f] = await tx
      .insert(publicFiles)
      .values({
        ownerType: 'article',
        ownerId: articleId,
        mime: img.mime,
        size: img.buf.length,
        data: img.buf,
      })
      .returning({ id: publicFiles.id });
    ids.push(f.id);
  }
  return ids;
}

export async function createArticle(db: Db, ctx: Ctx, b: TArticleWrite) {
  const images = decodeImages(b.images);
  const id = await db.transaction(async (tx) => {
    const [org] = await tx.select().from(orgs).where(eq(orgs.id, b.orgId));
    requireVisible(ctx.actor, 'article.manage', org?.path);
    const at = now();
    const [a] = await tx
      .insert(articles)
      .values({
        orgId: org.id,
        kind: b.kind,
        title: b.title,
        body: b.body,
        published: b.published,
        publishedAt: b.published ? at : null,
        createdBy: ctx.actor.userId || null,
      })
      .returning({ id: articles.id });
    const ids = await storeImages(tx, a.id, images);
    if (ids.length) await tx.update(articles).set({ imageIds: ids }).where(eq(articles.id, a.id));
    await recordAudit(tx, ctx, {
      action: 'article.create',
      entityType: 'article',
      entityId: a.id,
      orgId: org.id,
      after: { title: b.title, published: b.published, images: ids.length },
    });
    return a.id;
  });
  return getArticle(db, ctx, id);
}

async function visible(tx: Executor, ctx: Ctx, id: number) {
  const [r] = await tx
    .select({ a: articles, orgName: orgs.name, path: orgs.path })
    .from(articles)
    .innerJoin(orgs, eq(orgs.id, articles.orgId))
    .where(eq(articles.id, id));
  requireVisible(ctx.actor, 'article.manage', r?.path);
  return r;
}

export async function getArticle(db: Executor, ctx: Ctx, id: number) {
  const r = await visible(db, ctx, id);
  return present(r.a, r.orgName);
}

/**
 * Edits an article: text, kind, publish/unpublish, and its pictures (keep `imageIds`, a subset of the current
 * ones, and add `images`); removed pictures are deleted.
 */
export async function updateArticle(db: Db, ctx: Ctx, id: number, b: TArticleUpdate) {
  const added = decodeImages(b.images);
  await db.transaction(async (tx) => {
    const { a } = await visible(tx, ctx, id);
    if (a.version !== b.version) throw versionConflict();
    const keep = b.imageIds ? a.imageIds.filter((x) => b.imageIds?.includes(x)) : a.imageIds;
    if (keep.length + added.length > MAX_IMAGES)
      throw invalid([{ field: 'images', message: `最多${MAX_IMAGES}张图片` }]);
    const removed = a.imageIds.filter((x) => !keep.includes(x));
    if (removed.length)
      await tx
        .delete(publicFiles)
        .where(
          and(
            eq(publicFiles.ownerType, 'article'),
            eq(publicFiles.ownerId, id),
            inArray(publicFiles.id, removed),
          ),
        );
    const imageIds = [...keep, ...(await storeImages(tx, id, added))];
    const publishedAt = b.published && !a.published ? now() : b.published === false ? null : a.publishedAt;
    const { title, body, kind, published } = b;
    await tx
      .update(articles)
      .set({ title, body, kind, published, imageIds, publishedAt, updatedAt: now(), version: a.version + 1 })
      .where(eq(articles.id, id));
    await recordAudit(tx, ctx, {
      action: 'article.update',
      entityType: 'article',
      entityId: id,
      orgId: a.orgId,
      before: { title: a.title, published: a.published, imageIds: a.imageIds },
      after: { title, kind, published, imageIds },
    });
  });
  return getArticle(db, ctx, id);
}

/** A picture of an article the caller manages (drafts included), for the management page. */
export async function articleImage(db: Db, ctx: Ctx, fileId: number) {
  const [f] = await db
    .select()
    .from(publicFiles)
    .where(and(eq(publicFiles.id, fileId), eq(publicFiles.ownerType, 'article')));
  if (!f) throw notFound();
  await visible(db, ctx, f.ownerId);
  return f;
}
