import { and, asc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database, type Db } from '../../db/client.js';
import { migrate } from '../../db/migrate.js';
import {
  campaignItems,
  campaigns,
  grants,
  orgs,
  people,
  roles,
  supervisionGroupMembers,
  supervisionGroupOrgs,
  supervisionGroups,
  users,
} from '../../db/schema.js';
import { DEMO_PASSWORD, verifyPassword } from '../../platform/auth/passwords.js';
import { DEMO_ACCOUNTS, DEMO_BRANCH, DEMO_DISTRICT } from './demo.data.js';
import { findOrgByName, seedDemo, type SeedSummary } from './demo.seed.js';

async function freshSeeded(): Promise<{ database: Database; summary: SeedSummary; ms: number }> {
  const database = await openDatabase({ pgliteDir: ':memory:' });
  await migrate(database);
  const started = performance.now();
  const summary = await seedDemo(database.db);
  return { database, summary, ms: performance.now() - started };
}

async function snapshot(db: Db) {
  const orgRows = await db.select({ name: orgs.name, path: orgs.path }).from(orgs).orderBy(asc(orgs.id));
  const personRows = await db
    .select({ name: people.name, phone: people.phone, orgId: people.orgId })
    .from(people)
    .orderBy(asc(people.id));
  return { orgRows, personRows };
}

describe('demo seed', () => {
  let database: Database;
  let db: Db;
  let summary: SeedSummary;
  let ms: number;

  beforeAll(async () => {
    ({ database, summary, ms } = await freshSeeded());
    db = database.db;
    console.info(`demo seed: ${summary.orgs} orgs, ${summary.people} people in ${Math.round(ms)} ms`);
  });
  afterAll(async () => {
    await database.close();
  });

  it('builds a city of about 600 orgs and 3,000 people, quickly', async () => {
    const [{ n: orgCount }] = await db.select({ n: sql<number>`count(*)::int` }).from(orgs);
    const [{ n: peopleCount }] = await db.select({ n: sql<number>`count(*)::int` }).from(people);
    expect(orgCount).toBe(summary.orgs);
    expect(peopleCount).toBe(summary.people);
    expect(orgCount).toBeGreaterThanOrEqual(550);
    expect(orgCount).toBeLessThanOrEqual(700);
    expect(peopleCount).toBeGreaterThanOrEqual(2800);
    expect(peopleCount).toBeLessThanOrEqual(3300);
    expect(ms).toBeLessThan(15_000);
  });

  it('keeps every path equal to the parent path plus its own id, with a consistent depth', async () => {
    const parent = alias(orgs, 'parent');
    const [{ bad }] = await db
      .select({ bad: sql<number>`count(*)::int` })
      .from(orgs)
      .leftJoin(parent, eq(parent.id, orgs.parentId))
      .where(
        sql`(${orgs.parentId} is null and ${orgs.path} <> text2ltree(${orgs.id}::text))
          or (${orgs.parentId} is not null and (${parent.id} is null
              or ${orgs.path} <> ${parent.path} || text2ltree(${orgs.id}::text)))
          or ${orgs.depth} <> nlevel(${orgs.path}) - 1
          or ${orgs.categoryId} is null or ${orgs.pinyin} = ''`,
      );
    expect(bad).toBe(0);
    const roots = await db
      .select({ name: orgs.name, pinyin: orgs.pinyin })
      .from(orgs)
      .where(eq(orgs.depth, 0));
    expect(roots).toEqual([{ name: '中共清河市委员会', pinyin: 'zgqhswyh qhsw' }]);
  });

  it('gives 东城区 townships/streets with communities and branches below', async () => {
    const district = await findOrgByName(db, DEMO_DISTRICT);
    expect(district?.shortName).toBe('东城区委');
    const kinds = await db
      .select({ kind: orgs.kind, n: sql<number>`count(*)::int` })
      .from(orgs)
      .where(sql`${orgs.path} <@ ${district?.path}::ltree and ${orgs.id} <> ${district?.id}`)
      .groupBy(orgs.kind);
    const count = Object.fromEntries(kinds.map((k) => [k.kind, k.n]));
    expect((count.street ?? 0) + (count.township ?? 0)).toBeGreaterThanOrEqual(3);
    expect(count.community).toBeGreaterThan(0);
    expect(count.branch).toBeGreaterThan(0);
    expect(count.office).toBe(1);
  });

  it('creates every demo account with its grant, the shared demo password and no forced change', async () => {
    const rows = await db
      .select({ username: users.username, role: roles.code, org: orgs.name })
      .from(grants)
      .innerJoin(users, eq(users.id, grants.userId))
      .innerJoin(roles, eq(roles.id, grants.roleId))
      .innerJoin(orgs, eq(orgs.id, grants.orgId));
    for (const account of DEMO_ACCOUNTS) {
      const granted = rows.filter((r) => r.username === account.username);
      expect(granted).toEqual(
        account.role ? [{ username: account.username, role: account.role, org: account.grantOrg }] : [],
      );
    }
    const accounts = await db.select().from(users);
    expect(accounts.map((u) => u.username).sort()).toEqual(DEMO_ACCOUNTS.map((a) => a.username).sort());
    expect(accounts.every((u) => u.demoPassword && !u.mustChangePassword)).toBe(true);
    expect(new Set(accounts.map((u) => u.passwordHash)).size).toBe(1);
    expect(await verifyPassword(accounts[0].passwordHash, DEMO_PASSWORD)).toBe(true);
  });

  it('links the branch accounts to a secretary and a member of that branch', async () => {
    const branch = await findOrgByName(db, DEMO_BRANCH);
    const linked = await db
      .select({
        username: users.username,
        position: people.position,
        orgId: people.orgId,
        back: people.userId,
      })
      .from(users)
      .innerJoin(people, eq(people.id, users.personId))
      .where(sql`${users.username} in ('branch_secretary', 'branch_member')`)
      .orderBy(asc(users.username));
    expect(linked.map((l) => [l.username, l.position, l.orgId])).toEqual([
      ['branch_member', '党员', branch?.id],
      ['branch_secretary', '书记', branch?.id],
    ]);
    const [secretary] = await db.select().from(users).where(eq(users.username, 'branch_secretary'));
    expect(linked.find((l) => l.username === 'branch_secretary')?.back).toBe(secretary.id);
  });

  it('makes the supervisor a member of the 12th group covering 东城区委 and one more district', async () => {
    const rows = await db
      .select({ group: supervisionGroups.name, issuer: supervisionGroups.issuer, org: orgs.shortName })
      .from(supervisionGroupMembers)
      .innerJoin(users, eq(users.id, supervisionGroupMembers.userId))
      .innerJoin(supervisionGroups, eq(supervisionGroups.id, supervisionGroupMembers.groupId))
      .innerJoin(supervisionGroupOrgs, eq(supervisionGroupOrgs.groupId, supervisionGroups.id))
      .innerJoin(orgs, eq(orgs.id, supervisionGroupOrgs.orgId))
      .where(eq(users.username, 'supervisor'));
    expect(rows).toHaveLength(2);
    expect(rows[0].group).toBe('省委主题教育第十二巡回督导组');
    expect(rows[0].issuer).toBe('省委主题教育领导小组');
    expect(rows.map((r) => r.org)).toContain('东城区委');
  });

  it('creates the campaign with 十查十看, 15 directions and 9 key tasks', async () => {
    const [campaign] = await db.select().from(campaigns).where(eq(campaigns.id, summary.campaignId));
    expect(campaign.code).toBe('QH-2023');
    expect(campaign.issuingOrgId).toBe((await findOrgByName(db, '中共清河市委员会'))?.id);
    expect(campaign.phases.map((p) => p.name)).toEqual(['动员部署', '学习调研', '检视整改', '总结评估']);
    expect(campaign.goals).toHaveLength(5);
    const kinds = await db
      .select({ kind: campaignItems.kind, n: sql<number>`count(*)::int` })
      .from(campaignItems)
      .where(eq(campaignItems.campaignId, campaign.id))
      .groupBy(campaignItems.kind);
    expect(Object.fromEntries(kinds.map((k) => [k.kind, k.n]))).toEqual({
      checklist: 10,
      direction: 15,
      key_task: 9,
    });
    const [first] = await db
      .select()
      .from(campaignItems)
      .where(and(eq(campaignItems.kind, 'checklist'), eq(campaignItems.seq, 1)));
    expect([first.title, first.detail]).toEqual(['查理论学习', '看是否真学真信真用、入脑入心入行']);
  });

  it('refuses to seed a database that already has orgs', async () => {
    await expect(seedDemo(db)).rejects.toThrow('database not empty');
  });

  it('gives identical orgs and people on a second fresh database', async () => {
    const second = await freshSeeded();
    try {
      expect(second.summary).toEqual(summary);
      expect(await snapshot(second.database.db)).toEqual(await snapshot(db));
    } finally {
      await second.database.close();
    }
  });
});
