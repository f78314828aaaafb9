/**
 * CI smoke for bench/: generates the small dataset into a test database and runs each benchmarked query once,
 * checking the results agree with plain counts. It keeps the suite working; it does not judge speed.
 */
import { sql } from 'drizzle-orm';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgTree, SIZES } from '../../bench/gen.js';
import { STUDY_COUNTS } from '../../bench/gen-study.js';
import { loadDataset, type LoadReport } from '../../bench/load.js';
import * as Q from '../../bench/queries.js';
import { bootstrap } from './db/bootstrap.js';
import type { Db } from './db/client.js';
import { verifyRollups } from './modules/dashboard/rollup.verify.js';
import { writeLedger } from './modules/problems/problems.excel.js';
import { openTestDatabase, queryRows, type TestDatabase } from './test/db.js';

let tdb: TestDatabase;
let db: Db;
let report: LoadReport;
let scopes: Q.Scope[];
const now = new Date();
const today = now.toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' });
const n = async (q: string) => Number((await queryRows<{ n: number }>(db, sql.raw(q)))[0].n);
const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);

beforeAll(async () => {
  tdb = await openTestDatabase();
  db = tdb.database.db;
  await bootstrap(db);
  report = await loadDataset(tdb.database, { scale: 'small', seed: 7, anchor: Date.parse(today) });
  scopes = await Q.benchScopes(db);
});
afterAll(() => tdb?.close());

describe('bench data and queries (small scale)', () => {
  it('loads a consistent tree and row counts', async () => {
    const sizes = SIZES.small;
    expect(report.rows.orgs).toBe(sizes.levels.reduce((a, b) => a + b, 0));
    expect(await n('select count(*)::int as n from people')).toBe(sizes.people);
    expect(await n('select count(*)::int as n from problems')).toBe(sizes.problems);
    expect(await n('select max(depth)::int as n from orgs')).toBe(5);
    // every path is the parent's path plus the org's own id
    expect(
      await n(`select count(*)::int as n from orgs c join orgs p on p.id = c.parent_id
        where c.path <> p.path || c.id::text::ltree or c.depth <> p.depth + 1 or nlevel(c.path) <> c.depth + 1`),
    ).toBe(0);
    // a decomposed assignment goes to a child of its parent's org, never past the parent's deadline
    expect(
      await n(`select count(*)::int as n from assignments c join assignments p on p.id = c.parent_assignment_id
        join orgs o on o.id = c.org_id where o.parent_id <> p.org_id or c.deadline > p.deadline
          or c.issuer_org_id <> p.org_id`),
    ).toBe(0);
    expect(orgTree(sizes.levels).at(-1)?.depth).toBe(5);
  });

  it('loads study attendance of each session’s own members, and research topics under the directions', async () => {
    const counts = STUDY_COUNTS.small;
    expect(await n('select count(*)::int as n from study_attendance')).toBe(counts.attendance);
    expect(await n('select count(*)::int as n from research_topics')).toBe(counts.topics);
    // every person listed belongs to the session's org, as the app requires
    expect(
      await n(`select count(*)::int as n from study_attendance a join study_sessions s on s.id = a.session_id
        join people p on p.id = a.person_id where p.org_id <> s.org_id`),
    ).toBe(0);
    expect(
      await n(`select count(*)::int as n from study_attendance where status = 'leave' and reason = ''`),
    ).toBe(0);
    // directions are the campaign's own; converted topics have a converted finding, planned ones none
    expect(
      await n(`select count(*)::int as n from research_topics t left join campaign_items d on d.id = t.direction_id
        and d.campaign_id = t.campaign_id and d.kind = 'direction' where d.id is null`),
    ).toBe(0);
    expect(
      await n(`select count(*)::int as n from research_topics t where (t.status = 'converted') <>
        exists (select 1 from research_findings f where f.topic_id = t.id and f.conversion is not null)
        or (t.status = 'planned' and exists (select 1 from research_findings f where f.topic_id = t.id))`),
    ).toBe(0);
  });

  it('the counters and the ltree roll-up equal the recursive-CTE baseline and the plain row counts', async () => {
    expect(report.seconds.rollups).toBeGreaterThan(0);
    expect(await verifyRollups(db)).toEqual([]);
    for (const s of scopes) {
      const base = await Q.dashboardRecursive(db, s, true);
      expect(await Q.dashboardCounters(db, s, true)).toEqual(base);
      expect(await Q.dashboardRollup(db, s, true)).toEqual(base);
      const inTree = `join orgs o on o.id = x.org_id where o.path <@ '${s.path}'`;
      expect(sum(base.problems.status)).toBe(await n(`select count(*)::int as n from problems x ${inTree}`));
      expect(sum(base.assignments)).toBe(await n(`select count(*)::int as n from assignments x ${inTree}`));
      expect(base.opinions?.received).toBeGreaterThan(0);
    }
    const root = await Q.dashboardCounters(db, scopes[0], false);
    expect(sum(root.problems.status)).toBe(SIZES.small.problems);
  });

  it('the ledger page total equals a COUNT and the pages agree with the baseline', async () => {
    for (const s of scopes) {
      const q = Q.ledgerQuery(s, today);
      const base = await Q.ledgerRecursive(db, q);
      expect(base.total).toBe(await Q.ledgerCount(db, q));
      // the total from the counters' deadline histogram (withCounts=false) and from counting rows
      for (const withCounts of [false, true]) {
        const page = await Q.ledgerPage(db, s, q, withCounts);
        expect(page.total).toBe(base.total);
        expect(page.items.map((i) => i.id)).toEqual(base.ids);
        expect(page.items.length).toBe(Math.min(20, page.total));
        expect(page.counts === null).toBe(!withCounts);
      }
    }
  });

  it('the ledger export streams every row in scope', async () => {
    const s = scopes[1];
    let bytes = 0;
    const sink = new Writable({
      write(chunk: Buffer, _e, cb) {
        bytes += chunk.length;
        cb();
      },
    });
    const ctx = { actor: s.actor, requestId: 'smoke', ip: '127.0.0.1', locale: 'zh-CN' as const };
    await writeLedger(db, ctx, sink, { orgId: s.orgId }, 'smoke');
    expect(bytes).toBeGreaterThan(1000);
  });
});
