import { boolean, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { stamps } from '../../db/columns.js';
import { orgs } from '../orgs/orgs.table.js';

export const people = pgTable(
  'people',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    name: text('name').notNull(),
    gender: text('gender').notNull(),
    position: text('position'),
    politicalStatus: text('political_status').notNull(),
    phone: text('phone'),
    userId: integer('user_id'),
    active: boolean('active').notNull().default(true),
    ...stamps(),
  },
  (t) => [index('people_org_idx').on(t.orgId), index('people_name_idx').on(t.name)],
);
