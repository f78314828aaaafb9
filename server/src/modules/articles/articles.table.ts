import { boolean, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { stamps } from '../../db/columns.js';
import { orgs } from '../orgs/orgs.table.js';

/** News and good examples by the 宣传组: plain text or markdown, shown as text, never as HTML. */
export const articles = pgTable(
  'articles',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    /** news | example (典型) */
    kind: text('kind').notNull().default('news'),
    title: text('title').notNull(),
    body: text('body').notNull(),
    /** ids of public_files rows owned by this article */
    imageIds: jsonb('image_ids').$type<number[]>().notNull().default([]),
    published: boolean('published').notNull().default(false),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    createdBy: integer('created_by'),
    ...stamps(),
  },
  (t) => [index('articles_pub_idx').on(t.published, t.publishedAt)],
);
