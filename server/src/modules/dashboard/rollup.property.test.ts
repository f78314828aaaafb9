/**
 * Property: after any random mix of writes — problems created, moved between orgs, transitioned, published and
 * withdrawn, measures added, done and removed, progress reported, deadlines and light settings changed, subtrees
 * moved, assignments, opinions and deeds written and deleted — every counter equals a full recomputation, the
 * lights read from the counters equal the problems module's own row-by-row light (countProblems) at every org,
 * and the staff and public statistics equal the row-aggregating queries they replaced (test/stats-oracle.ts).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.js';
import { rng as prng } from '../../test/fuzz-gen.js';
import { openTestDatabase, type TestDatabase } from '../../test/db.js';
import { PROBLEM_STATES } from '../problems/problems.machine.js';
import type { Actor } from '../../platform/access/access.js';
import { moveSubtree } from '../orgs/orgs.repo.js';
import { countProblems, listProblems as listProblemRows } from '../problems/problems.repo.js';
import { listProblems } from '../problems/problems.service.js';
import { countsSql, pickCounts, rows } from '../tasks/tasks.sql.js';
import { scopeCounts } from '../tasks/tasks.repo.js';
import { assignmentCounts, opinionCounts, problemCounts } from './rollup.repo.js';
import { verifyRollups } from './rollup.verify.js';
import { statsFromBoth } from '../../test/stats-oracle.js';

const A_STATUSES = ['issued', 'acknowledged', 'in_progress', 'completed', 'accepted', 'returned'];
const RATINGS = [null, '满意', '比较满意', '一般', '不满意'];

let tdb: TestDatabase;
let db: Db;
const q = (s: ReturnType<typeof sql>) => db.execute(s);

beforeAll(async () => {
  tdb = await openTestDatabase();
  db = tdb.database.db;
}, 600_000);
afterAll(() => tdb?.close());

/** A 4-level tree of 15 orgs (1 root, 2 below it, 2 below each of those, …) and two campaigns. */
async function seedWorld() {
  const ids: number[] = [];
  for (let i = 0; i < 15; i++) {
    const parent = i === 0 ? null : ids[Math.floor((i - 1) / 2)];
    const [r] = await rows<{ id: number }>(
      db,
      sql`insert into orgs (parent_id, name, kind, path, depth) values (${parent}, ${'单位' + i}, 'party_org', '0', 0)
        returning id`,
    );
    ids.push(Number(r.id));
    await q(sql`update orgs set path = coalesce((select p.path from orgs p where p.id = ${parent}) || ${String(r.id)}::ltree,
        ${String(r.id)}::ltree), depth = coalesce((select p.depth + 1 from orgs p where p.id = ${parent}), 0)
      where id = ${r.id}`);
  }
  const campaigns: number[] = [];
  for (const code of ['P1', 'P2']) {
    const [c] = await rows<{ id: number }>(
      db,
      sql`insert into campaigns (code, name, issuing_org_id) values (${code}, ${code}, ${ids[0]}) returning id`,
    );
    campaigns.push(Number(c.id));
  }
  await q(
    sql`insert into problem_ledgers (campaign_id, warn_days, report_days) values (${campaigns[0]}, 7, 14)`,
  );
  const tasks: number[] = [];
  for (const c of campaigns) {
    const [t] = await rows<{ id: number }>(
      db,
      sql`insert into tasks (campaign_id, issuing_org_id, number, title, deadline)
        values (${c}, ${ids[0]}, ${'T' + c}, '任务', now() + interval '30 days') returning id`,
    );
    tasks.push(Number(t.id));
  }
  return { ids, campaigns, tasks };
}

const CTX = { requestId: 'prop', ip: '127.0.0.1', locale: 'zh-CN' as const };
const day = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);

/** Ledger list filters the counters answer (and two they leave to rows), at one org. */
const ledgerFilters = (orgId: number) => [
  { orgId, withCounts: true },
  { orgId, withCounts: false },
  { orgId, withCounts: true, status: 'in_progress' as const },
  { orgId, withCounts: true, light: 'yellow' as const },
  { orgId, withCounts: false, status: 'open' as const, light: 'blue' as const },
  { orgId, withCounts: false, status: 'in_progress' as const, deadlineFrom: day(-20), deadlineTo: day(40) },
  { orgId, withCounts: false, status: 'open' as const, deadlineTo: day(3) },
  { orgId, withCounts: true, status: 'open' as const, deadlineFrom: day(-5) },
  { orgId, withCounts: false, status: 'signed_off' as const, deadlineFrom: day(-20) },
];

const rootActor = (path: string): Actor => ({
  userId: 1,
  username: 'prop',
  displayName: 'prop',
  grants: [
    {
      grantId: 1,
      roleCode: 'x',
      roleName: 'x',
      orgId: 1,
      orgName: 'x',
      path,
      permissions: ['problem.read'],
      systemRole: false,
    },
  ],
  supervised: [],
});

describe('roll-up counters', () => {
  it('equal a full recomputation after random writes, transitions and subtree moves', async () => {
    const w = await seedWorld();
    const rnd = prng(20261127);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
    const day = () => sql`(now() at time zone 'Asia/Shanghai')::date + ${Math.floor(rnd() * 40) - 20}::int`;
    // The assignments' times and the tasks' report intervals draw from a second generator, so the writes above
    // keep their sequence (and the coverage the checks below expect) whatever is added here.
    const rndA = prng(20261128);
    const pickA = <T>(xs: readonly T[]) => xs[Math.floor(rndA() * xs.length)];
    // an interval of whole and odd minutes, up to ±`h` hours, so times fall on both sides of every boundary
    const hours = (h = 150) => sql`make_interval(mins => ${Math.floor((rndA() * 2 - 1) * h * 60)})`;
    const lightOps: (() => Promise<unknown>)[] = [
      // a task issued to a few units at once (one statement, several rows), or re-issued to them
      async () => {
        await q(sql`insert into assignments (task_id, org_id, issuer_org_id, status, deadline, issued_at)
          select ${pickA(w.tasks)}, o.id, ${w.ids[0]}, ${pickA(A_STATUSES)}, now() + ${hours()}, now() - ${hours(120)}
          from orgs o where o.id % 4 = ${Math.floor(rndA() * 4)}
          on conflict (task_id, org_id) do update set status = excluded.status, deadline = excluded.deadline,
            issued_at = excluded.issued_at`);
      },
      async () => {
        await q(sql`update assignments set deadline = now() + ${hours()},
            acknowledged_at = case when ${rndA() < 0.5} then now() - ${hours(200)} end,
            last_report_at = case when ${rndA() < 0.5} then now() - ${hours(300)} end
          where id = (select id from assignments order by random() limit 1)`);
      },
      // a task's report interval (daily, weekly, none) or campaign changes under its assignments
      async () => {
        await q(sql`update tasks set report_interval_days = ${pickA([null, 1, 7])},
            campaign_id = ${pickA(w.campaigns)} where id = ${pickA(w.tasks)}`);
      },
    ];
    let seq = 0;
    const problemIds = async () =>
      (await rows<{ id: number }>(db, sql`select id from problems order by id`)).map((r) => Number(r.id));

    const ops: (() => Promise<unknown>)[] = [
      // create a problem (sometimes several in one statement)
      async () => {
        const n = 1 + Math.floor(rnd() * 3);
        for (let i = 0; i < n; i++) {
          seq++;
          // as the app does (problems.repo numbers problems in their ledger row), the ledger exists first
          const campaign = pick(w.campaigns);
          await q(sql`insert into problem_ledgers (campaign_id) values (${campaign}) on conflict do nothing`);
          await q(sql`insert into problems (campaign_id, seq, number, title, category, source, org_id,
              issuing_org_id, deadline, status, last_progress_at)
            values (${campaign}, ${seq}, ${'N' + seq}, '问题', 'c', 's', ${pick(w.ids)}, ${w.ids[0]},
              ${day()}, ${pick(PROBLEM_STATES)}, now() - make_interval(days => ${Math.floor(rnd() * 30)}))`);
        }
      },
      // transition, move to another org, change the deadline, report progress, sign off
      async () => {
        const id = pick(await problemIds());
        if (!id) return;
        const status = pick(PROBLEM_STATES);
        await q(sql`update problems set status = ${status},
            signed_off_at = case when ${status} = 'signed_off' then now() - make_interval(days => ${Math.floor(rnd() * 30)}) end
          where id = ${id}`);
      },
      async () => {
        const id = pick(await problemIds());
        if (id)
          await q(sql`update problems set org_id = ${pick(w.ids)}, deadline = ${day()} where id = ${id}`);
      },
      async () => {
        const id = pick(await problemIds());
        if (id)
          await q(sql`update problems set last_progress_at = now() - make_interval(days => ${Math.floor(rnd() * 30)})
            where id = ${id}`);
      },
      // several problems in one statement
      async () => {
        await q(
          sql`update problems set status = ${pick(['open', 'in_progress'])} where id % 3 = ${Math.floor(rnd() * 3)}`,
        );
      },
      // measures: add, finish, re-date, delete
      async () => {
        const id = pick(await problemIds());
        if (id)
          await q(sql`insert into problem_measures (problem_id, seq, text, type, deadline)
            values (${id}, 1, '措施', 'by_deadline', ${rnd() < 0.2 ? null : day()})`);
      },
      async () => {
        await q(sql`update problem_measures set done = not done, deadline = ${day()}
          where id = (select id from problem_measures order by random() limit 1)`);
      },
      async () => {
        await q(
          sql`delete from problem_measures where id = (select id from problem_measures order by random() limit 1)`,
        );
      },
      // the light settings of a campaign (an insert while it has no ledger yet, else an update)
      async () => {
        await q(sql`insert into problem_ledgers (campaign_id, warn_days, report_days)
          values (${pick(w.campaigns)}, ${Math.floor(rnd() * 10)}, ${1 + Math.floor(rnd() * 20)})
          on conflict (campaign_id) do update set warn_days = excluded.warn_days, report_days = excluded.report_days`);
      },
      // subtree move (never under itself), with the orgs module's own statement
      async () => {
        const all = await rows<{ id: number; path: string }>(
          db,
          sql`select id, path::text as path from orgs`,
        );
        const org = pick(all.filter((o) => o.path.includes('.')));
        const parents = all.filter((o) => o.path !== org.path && !o.path.startsWith(org.path + '.'));
        const parent = pick(parents);
        await moveSubtree(
          db,
          { id: Number(org.id), path: org.path },
          { id: Number(parent.id), path: parent.path },
        );
      },
      // assignments: issue, transition, delete (deadlines and reports: lightOps below)
      async () => {
        await q(sql`insert into assignments (task_id, org_id, issuer_org_id, status, deadline, issued_at)
          values (${pick(w.tasks)}, ${pick(w.ids)}, ${w.ids[0]}, ${pick(A_STATUSES)}, now() + ${hours()}, now() - ${hours(120)})
          on conflict (task_id, org_id) do update set status = excluded.status`);
      },
      async () => {
        await q(sql`update assignments set status = ${pick(A_STATUSES)}
          where id = (select id from assignments order by random() limit 1)`);
      },
      async () => {
        await q(
          sql`delete from assignments where id = (select id from assignments order by random() limit 1)`,
        );
      },
      // opinions: submit, sign, answer, rate, hide, mark unreasonable, reassign, delete
      async () => {
        seq++;
        await q(sql`insert into opinions (code, category, org_id, dispatch_org_id, status, text, ip_hash, text_hash,
            submitted_at, sign_deadline, answer_deadline)
          values (${'O' + seq}, 'c', ${rnd() < 0.1 ? null : pick(w.ids)}, ${w.ids[0]}, 'assigned', '意见', 'h', 'h',
            now(), now() - interval '5 hours', now() + interval '5 days')`);
      },
      async () => {
        await q(sql`update opinions set signed_at = now() - make_interval(hours => ${Math.floor(rnd() * 12)}),
            answered_at = case when ${rnd() < 0.6} then now() end, rating = ${pick(RATINGS)},
            hidden = ${rnd() < 0.1}, unreasonable = ${rnd() < 0.1}, org_id = ${pick(w.ids)}
          where id = (select id from opinions order by random() limit 1)`);
      },
      async () => {
        await q(sql`delete from opinions where id = (select id from opinions order by random() limit 1)`);
      },
      // opinions: answer deadlines passed or not, answered late or not, closed unanswered
      async () => {
        await q(sql`update opinions set answer_deadline = now() + make_interval(mins => ${Math.floor(rnd() * 6000) - 3000}),
            answered_at = case when ${rnd() < 0.5} then now() - make_interval(mins => ${Math.floor(rnd() * 3000)}) end,
            status = ${pick(['routed', 'signed', 'closed'])}
          where id = (select id from opinions order by random() limit 1)`);
      },
      // problems published and withdrawn (是否公开), one and several at once
      async () => {
        const id = pick(await problemIds());
        if (id) await q(sql`update problems set is_public = not is_public where id = ${id}`);
      },
      async () => {
        await q(sql`update problems set is_public = ${rnd() < 0.5} where id % 4 = ${Math.floor(rnd() * 4)}`);
      },
      // deeds: registered with 0–3 milestones, progress reported, a milestone dropped, moved, deleted
      async () => {
        const [d] = await rows<{ id: number }>(
          db,
          sql`insert into deeds (org_id, title, target_date) values (${pick(w.ids)}, '实事', ${day()}) returning id`,
        );
        for (let i = 1; i <= Math.floor(rnd() * 4); i++)
          await q(sql`insert into deed_milestones (deed_id, seq, title, weight, progress)
            values (${d.id}, ${i}, '节点', ${Math.floor(rnd() * 4)}, ${Math.floor(rnd() * 101)})`);
      },
      async () => {
        await q(sql`update deed_milestones set progress = ${Math.floor(rnd() * 101)}, weight = ${Math.floor(rnd() * 4)}
          where id = (select id from deed_milestones order by random() limit 1)`);
      },
      async () => {
        await q(
          sql`delete from deed_milestones where id = (select id from deed_milestones order by random() limit 1)`,
        );
      },
      async () => {
        await q(sql`update deeds set org_id = ${pick(w.ids)}
          where id = (select id from deeds order by random() limit 1)`);
      },
      async () => {
        const [d] = await rows<{ id: number }>(db, sql`select id from deeds order by random() limit 1`);
        if (!d) return;
        await q(sql`delete from deed_milestones where deed_id = ${d.id}`);
        await q(sql`delete from deeds where id = ${d.id}`);
      },
    ];

    const [{ path: rootPath }] = await rows<{ path: string }>(
      db,
      sql`select path::text as path from orgs where parent_id is null`,
    );
    // the assignment lights from the counters equal the row-by-row light (tasks.sql.ts countsSql) at every
    // org, for both campaigns and all, at times around now (every boundary hour of the random times above)
    const seenA = new Set<string>();
    const checkLights = async () => {
      const orgList = await rows<{ id: number; path: string }>(
        db,
        sql`select id, path::text as path from orgs`,
      );
      // now, and a time inside the hour of a random assignment's D, D − 72 h, Y and max(Y, D − 72 h), just after it:
      // there the count needs the boundary hour's own rows
      const [b] = await rows<Record<'d' | 'd3' | 'y' | 'm', string | Date | null>>(
        db,
        sql`select (select deadline from assignments order by random() limit 1) as d,
          (select deadline - interval '72 hours' from assignments order by random() limit 1) as d3,
          (select yellow_at from rollup_assignment_state order by random() limit 1) as y,
          (select mixed_at from rollup_assignment_state order by random() limit 1) as m`,
      );
      const inHour = (x: string | Date | null) => {
        if (x === null) return [];
        const t = new Date(x).getTime();
        return [t + Math.floor((Math.ceil((t + 1) / 3_600_000) * 3_600_000 - t) / 2)];
      };
      const times = [Date.now(), ...[b.d, b.d3, b.y, b.m].flatMap(inHour)];
      for (const time of times) {
        const at = new Date(time);
        const shift = (time - Date.now()) / 3_600_000;
        for (const o of orgList) {
          for (const campaignId of [undefined, ...w.campaigns]) {
            const actor = {
              ...rootActor(o.path),
              grants: [{ ...rootActor(o.path).grants[0], permissions: ['task.read' as const] }],
            };
            const fast = await scopeCounts(db, actor, at, campaignId);
            const [slow] = await rows<Record<string, number>>(
              db,
              sql`select ${countsSql('a', 't', at)} from assignments a join tasks t on t.id = a.task_id
                join orgs o on o.id = a.org_id
                where o.path <@ ${o.path}::ltree ${campaignId ? sql`and t.campaign_id = ${campaignId}` : sql``}`,
            );
            expect({ org: o.id, shift, campaignId, ...fast }).toEqual({
              org: o.id,
              shift,
              campaignId,
              ...pickCounts(slow),
            });
            for (const l of ['red', 'yellow', 'blue'] as const) if (fast[l]) seenA.add(l);
          }
        }
      }
    };
    const seenLights = new Set<string>();
    const seen = new Set<string>();
    const ran = new Set<number>();
    for (let round = 0; round < 10; round++) {
      for (let i = 0; i < 25; i++) {
        const k = Math.floor(rnd() * ops.length);
        ran.add(k);
        await ops[k]();
      }
      for (let i = 0; i < 10; i++) await pickA(lightOps)();
      expect(await verifyRollups(db)).toEqual([]);
      await checkLights();
      // the statistics at every org, now and with the overdue cut-off inside a random open opinion's deadline hour
      const allIds = (await rows<{ id: number }>(db, sql`select id from orgs order by id`)).map((o) =>
        Number(o.id),
      );
      for (const tol of [0, 3]) {
        const [open] = await rows<{ d: string | Date }>(
          db,
          sql`select answer_deadline as d from opinions where answered_at is null and status <> 'closed'
            order by random() limit 1`,
        );
        const near = open
          ? [new Date(new Date(open.d).getTime() + (tol * 60 + Math.floor(rnd() * 60) - 30) * 60_000)]
          : [];
        for (const at of [new Date(), ...near]) {
          const { counters, oracle } = await statsFromBoth(db, allIds, tol, at);
          expect(counters).toEqual(oracle);
          for (const c of counters) {
            if (c.opinions[6]) seen.add('overdue');
            if (c.problems?.published) seen.add('published');
            if (c.problems?.signedOff) seen.add('signedOff');
            if (c.deeds?.progress) seen.add('deedProgress');
          }
        }
      }
      for (const o of await rows<{ id: number; path: string }>(
        db,
        sql`select id, path::text as path from orgs`,
      )) {
        const fromRows = await countProblems(db, rootActor(o.path), { orgId: Number(o.id) });
        const fromCounters = await problemCounts(db, Number(o.id));
        expect(fromCounters.status).toEqual(fromRows.status);
        expect(fromCounters.light).toEqual(fromRows.light);
        Object.keys(fromRows.light).forEach((l) => seenLights.add(l));
      }
      // every other round, the ledger list's totals and counts, from the counters (the service) and from rows
      // (the repo alone), at the root and at a random org, read by that org's own office and by the root's
      if (round % 2 === 0) continue;
      const sample = await rows<{ id: number; path: string }>(
        db,
        sql`(select id, path::text as path from orgs where parent_id is null)
          union all (select id, path::text as path from orgs order by random() limit 1)`,
      );
      for (const o of sample) {
        for (const actor of [rootActor(o.path), rootActor(rootPath)]) {
          for (const f of ledgerFilters(Number(o.id))) {
            const q = { page: 1, pageSize: 5, sort: 'deadline' as const, ...f };
            const fast = await listProblems(db, { ...CTX, actor }, q);
            const slow = await listProblemRows(db, actor, q);
            expect({ f, total: fast.total, counts: fast.counts }).toEqual({
              f,
              total: slow.total,
              counts: slow.counts,
            });
            expect(fast.items.map((x) => x.id)).toEqual(slow.items.map((x) => x.id));
          }
        }
      }
    }
    // the random mix reached every kind of write and every light
    expect(ran.size).toBe(ops.length);
    expect([...seenLights].sort()).toEqual(['blue', 'green', 'none', 'red', 'yellow']);
    expect([...seen].sort()).toEqual(['deedProgress', 'overdue', 'published', 'signedOff']);
    const [root] = await rows<{ id: number }>(db, sql`select id from orgs where parent_id is null`);
    const a = await assignmentCounts(db, Number(root.id));
    const [{ n }] = await rows<{ n: number }>(db, sql`select count(*)::int as n from assignments`);
    expect(Object.values(a).reduce((x, y) => x + y, 0)).toBe(Number(n));
    expect([...seenA].sort()).toEqual(['blue', 'red', 'yellow']);
    const op = await opinionCounts(db, Number(root.id), 3);
    const [e] = await rows<{ received: number; signed: number }>(
      db,
      sql`select count(*) filter (where not unreasonable)::int as received,
          count(*) filter (where not unreasonable and signed_at <= sign_deadline + interval '3 hours')::int as signed
        from opinions where org_id is not null and not hidden`,
    );
    expect([op.received, op.signedOnTime]).toEqual([Number(e.received), Number(e.signed)]);
  }, 300_000);

  it('verify-rollups reports a tampered counter', async () => {
    await q(sql`update rollup_problems set n = n + 1
      where ctid = (select ctid from rollup_problems where n > 0 limit 1)`);
    const bad = await verifyRollups(db);
    expect(bad.map((m) => [m.name, m.count])).toEqual([['problems', 1]]);
    await q(sql`select rollup_rebuild()`);
    expect(await verifyRollups(db)).toEqual([]);
  });
});
