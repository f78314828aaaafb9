import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { maskText } from '../../platform/masking.js';
import { offset } from '../../platform/schemas.js';
import { MEASURE_TYPES, type MeasureType } from '../problems/problems.schemas.js';
import { STATE_LABELS, type ProblemState } from '../problems/problems.machine.js';
import { rows } from '../tasks/tasks.sql.js';

interface Raw {
  id: number;
  number: string;
  title: string;
  manifestation: string;
  status: string;
  result_text: string;
  public_fields: string[];
  org_name: string;
  total: number;
}

/**
 * Published rectification items (是否公开 = 是), read-only and presenter-shaped: a field the publisher did not
 * choose comes back null, and free text is masked (phones, ID numbers, names). Reads the ledger's table
 * directly because the ledger service has no public listing, and this module never writes it.
 */
export async function publishedProblems(tx: Executor, q: { page: number; pageSize: number; orgId?: number }) {
  const under = q.orgId ? sql`and o.path <@ (select path from orgs where id = ${q.orgId})` : sql``;
  const list = await rows<Raw>(
    tx,
    sql`select p.id, p.number, p.title, p.manifestation, p.status, p.result_text, p.public_fields,
        o.name as org_name, count(*) over ()::int as total
      from problems p join orgs o on o.id = p.org_id
      where p.is_public and p.status not in ('draft', 'cancelled') ${under}
      order by p.updated_at desc, p.id desc
      limit ${q.pageSize} offset ${offset(q)}`,
  );
  const ids = list.filter((r) => r.public_fields.includes('measures')).map((r) => r.id);
  const measures = ids.length
    ? await rows<{ problem_id: number; text: string; type: string; done: boolean }>(
        tx,
        sql`select problem_id, text, type, done from problem_measures
          where problem_id in (${sql.join(
            ids.map((id) => sql`${id}`),
            sql`, `,
          )}) order by problem_id, seq`,
      )
    : [];
  const items = list.map((r) => {
    const has = (f: string) => r.public_fields.includes(f);
    return {
      id: r.id,
      number: r.number,
      title: has('title') ? maskText(r.title) : null,
      manifestation: has('manifestation') ? maskText(r.manifestation) : null,
      orgName: has('org') ? r.org_name : null,
      status: has('status') ? (STATE_LABELS[r.status as ProblemState] ?? r.status) : null,
      progress: has('progress') ? maskText(r.result_text) : null,
      measures: has('measures')
        ? measures
            .filter((m) => m.problem_id === r.id)
            .map((m) => ({
              text: maskText(m.text),
              type: MEASURE_TYPES[m.type as MeasureType] ?? m.type,
              done: m.done,
            }))
        : null,
    };
  });
  return { items, total: list[0]?.total ?? 0 };
}
