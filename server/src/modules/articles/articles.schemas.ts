import { z } from 'zod';
import { listOf, ZId, ZPageQuery, ZVersion } from '../../platform/schemas.js';

const text = (label: string, max: number) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, `请填写${label}`)
    .max(max, `${label}不能超过${max}个字`);

const ZImages = z.array(z.string().max(1_500_000, '每张图片不能超过1MB')).max(6, '最多6张图片');

export const ZArticleWrite = z.object({
  orgId: ZId,
  kind: z.enum(['news', 'example']).default('news'),
  title: text('标题', 100),
  body: text('正文', 20_000),
  published: z.boolean().default(false),
  /** base64 pictures (JPEG/PNG/WebP, ≤ 1MB each) */
  images: ZImages.optional(),
});
export type TArticleWrite = z.infer<typeof ZArticleWrite>;
export const ZArticleUpdate = z.object({
  version: ZVersion,
  kind: z.enum(['news', 'example']).optional(),
  title: text('标题', 100).optional(),
  body: text('正文', 20_000).optional(),
  published: z.boolean().optional(),
  /** the current pictures to keep (others are deleted); omitted: keep all */
  imageIds: z.array(ZId).max(6, '最多6张图片').optional(),
  /** base64 pictures to add */
  images: ZImages.optional(),
});
export type TArticleUpdate = z.infer<typeof ZArticleUpdate>;

export const ZArticle = z.object({
  id: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  kind: z.string(),
  title: z.string(),
  /** plain text (markdown shown as text); never HTML */
  body: z.string(),
  imageIds: z.array(z.number()),
  published: z.boolean(),
  publishedAt: z.string().nullable(),
  version: z.number(),
});
export const ZArticleList = listOf(ZArticle);
export const ZArticleQuery = ZPageQuery.extend({ kind: z.enum(['news', 'example']).optional() });
