import { z } from 'zod';

export const ZId = z.coerce.number().int().min(1).max(2_147_483_647);
export const ZIdParams = z.object({ id: ZId });
export const ZVersion = z.number().int().min(1).max(2_147_483_647);

export const ZPageQuery = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export const listOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int() });

/** Trimmed text with length limits; blank becomes an error naming the field via the schema path. */
export const ZText = (max: number, min = 1) => z.string().trim().min(min).max(max);
export const ZOptText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null));

export const ZBoolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

export const offset = (q: { page: number; pageSize: number }) => (q.page - 1) * q.pageSize;

/** Required text whose messages name the field in words: 请填写{label}, {label}不能超过{max}个字. */
export const ZLabelText = (label: string, max: number) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, `请填写${label}`)
    .max(max, `${label}不能超过${max}个字`);
export const ZLabelOptText = (label: string, max: number) =>
  z.string().trim().max(max, `${label}不能超过${max}个字`).optional();
