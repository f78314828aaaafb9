import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { ltree, stamps } from '../../db/columns.js';

/** 分类指导 categories: level × sector, as data. */
export const orgCategories = pgTable(
  'org_categories',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    level: text('level').notNull(),
    sector: text('sector').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
    ...stamps(),
  },
  (t) => [uniqueIndex('org_categories_code_uq').on(t.code)],
);

export const orgs = pgTable(
  'orgs',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    parentId: integer('parent_id'),
    name: text('name').notNull(),
    shortName: text('short_name'),
    kind: text('kind').notNull(),
    categoryId: integer('category_id').references(() => orgCategories.id),
    path: ltree('path').notNull(),
    depth: integer('depth').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
    active: boolean('active').notNull().default(true),
    /** pinyin initials of name and short name, space separated, for search (`qhsw` finds 清河市委). */
    pinyin: text('pinyin').notNull().default(''),
    ...stamps(),
  },
  (t) => [
    index('orgs_path_gist').using('gist', t.path),
    index('orgs_parent_idx').on(t.parentId, t.sortOrder),
    // the top unit (`order by depth, id limit 1`: the dispatcher, the public statistics) without a full scan
    index('orgs_depth_idx').on(t.depth, t.id),
    index('orgs_name_trgm').using('gin', sql`${t.name} gin_trgm_ops`),
    index('orgs_pinyin_idx').on(t.pinyin),
  ],
);
