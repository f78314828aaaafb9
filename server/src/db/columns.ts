import { customType, integer, timestamp } from 'drizzle-orm/pg-core';

/** PostgreSQL ltree: a dotted path of org ids, e.g. `1.12.240`. */
export const ltree = customType<{ data: string }>({
  dataType() {
    return 'ltree';
  },
});

/** created_at / updated_at / version, on every business table. */
export const stamps = () => ({
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  version: integer('version').notNull().default(1),
});

/** Bytes stored in the row (documents of at most 10 MB). */
export const bytea = customType<{ data: Buffer }>({
  dataType() {
    return 'bytea';
  },
});
