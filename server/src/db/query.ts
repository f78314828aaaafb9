import { createHash } from 'node:crypto';
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Executor } from './client.js';

/** The SQLSTATE of a database error (drizzle wraps the driver's error in `cause`), or undefined. */
export function pgErrorCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 3 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Raw rows of a query, typed by the caller (the two drivers differ only in their result type). */
export async function rows<T>(ex: Executor, query: SQL): Promise<T[]> {
  const res = (await ex.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}

/**
 * The statement name of a query text. On PostgreSQL a named statement is parsed once per pooled connection, and
 * after five runs the server may keep a generic plan for it, so a hot read skips parse and plan (about 1.1 ms of
 * the province dashboard's 1.8 ms in the database). The name is a digest of the text, as one name must always
 * carry one text. PGlite's driver ignores names.
 *
 * Only for statements of a few fixed texts (values as parameters, no lists inlined by length): each connection
 * keeps every statement it has prepared until it closes.
 */
const statementName = (text: string) => `l_${createHash('sha1').update(text).digest('base64url')}`;

const dialect = new PgDialect();

/** `rows`, as a named prepared statement (see statementName). */
export async function preparedRows<T>(ex: Executor, query: SQL): Promise<T[]> {
  const q = dialect.sqlToQuery(query);
  const res = (await ex._.session.prepareQuery(q, undefined, statementName(q.sql), false).execute()) as {
    rows: T[];
  };
  return res.rows;
}

/** Runs a query builder (a select) as a named prepared statement (see statementName). */
export function prepared<R>(q: {
  toSQL(): { sql: string };
  prepare(name: string): { execute(): Promise<R> };
}): Promise<R> {
  return q.prepare(statementName(q.toSQL().sql)).execute();
}
