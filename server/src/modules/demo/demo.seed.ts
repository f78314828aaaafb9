/**
 * Writes the demo city 清河市 into an empty database: categories, the org tree, people, demo accounts,
 * a supervision group and the 2023 campaign. Deterministic: every run on a fresh database gives the same data.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client.js';
import {
  campaignItems,
  campaigns,
  grants,
  orgCategories,
  orgs,
  people,
  roles,
  supervisionGroupMembers,
  supervisionGroupOrgs,
  supervisionGroups,
  users,
} from '../../db/schema.js';
import { BUILTIN_ROLES } from '../../platform/access/permissions.js';
import { DEMO_PASSWORD, hashPassword } from '../../platform/auth/passwords.js';
import { orgSearchKey } from '../../platform/pinyin.js';
import {
  CHECKLIST,
  DEMO_CAMPAIGN,
  DIRECTIONS,
  KEY_TASKS,
  type CampaignItemDef,
} from './demo.campaign-data.js';
import { seedProblemsDemo } from '../problems/problems.demo.js';
import {
  CATEGORIES,
  DEMO_ACCOUNTS,
  DEMO_BRANCH,
  SUPERVISED_DISTRICTS,
  SUPERVISION_GROUP,
} from './demo.data.js';
import { planOrgs, planPeople, type PlannedOrg, type PlannedPerson } from './demo.plan.js';
import { seedTasksDemo } from '../tasks/tasks.demo.js';
import { seedPublicDemo } from '../opinions/public.demo.js';

export interface SeedSummary {
  orgs: number;
  people: number;
  users: number;
  campaignId: number;
}

const CHUNK = 500;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The first org with this exact name, or undefined. */
export async function findOrgByName(db: Executor, name: string) {
  const [org] = await db.select().from(orgs).where(eq(orgs.name, name)).orderBy(asc(orgs.id)).limit(1);
  return org;
}

/** Seeds the demo city. Throws Error('database not empty') if any org exists. */
export async function seedDemo(db: Db): Promise<SeedSummary> {
  const orgPlan = planOrgs();
  const peoplePlan = planPeople(orgPlan);
  // argon2 is deliberately slow: hash once, share the hash across the demo accounts.
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: orgs.id }).from(orgs).limit(1);
    if (existing) throw new Error('database not empty');

    const categoryIds = await upsertCategories(tx);
    const roleIds = await ensureRoles(tx);
    const orgIds = await insertOrgs(tx, orgPlan, categoryIds);
    const peopleCount = await insertPeople(tx, peoplePlan, orgIds);
    const userCount = await insertAccounts(tx, passwordHash, roleIds);
    const campaignId = await insertCampaign(tx, orgIds[0]);
    await seedProblemsDemo(tx, {
      campaignId,
      campaignCode: DEMO_CAMPAIGN.code,
      branchName: DEMO_BRANCH,
      memberUsername: 'branch_member',
    });
    await seedTasksDemo(tx);
    await seedPublicDemo(tx);
    return { orgs: orgPlan.length, people: peopleCount, users: userCount, campaignId };
  });
}

async function upsertCategories(tx: Executor): Promise<Map<string, number>> {
  const rows = await tx
    .insert(orgCategories)
    .values(CATEGORIES.map((c, i) => ({ ...c, sortOrder: (i + 1) * 10 })))
    .onConflictDoUpdate({
      target: orgCategories.code,
      set: {
        name: sql`excluded.name`,
        level: sql`excluded.level`,
        sector: sql`excluded.sector`,
        updatedAt: sql`now()`,
      },
    })
    .returning({ id: orgCategories.id, code: orgCategories.code });
  return new Map(rows.map((r) => [r.code, r.id]));
}

/** The server's bootstrap normally writes the roles; insert the missing built-ins so the seed runs standalone. */
async function ensureRoles(tx: Executor): Promise<Map<string, number>> {
  await tx
    .insert(roles)
    .values(
      BUILTIN_ROLES.map((r) => ({
        code: r.code,
        name: r.name,
        nameEn: r.nameEn,
        permissions: [...r.permissions],
        systemRole: r.systemRole ?? false,
      })),
    )
    .onConflictDoNothing({ target: roles.code });
  const rows = await tx.select({ id: roles.id, code: roles.code }).from(roles);
  return new Map(rows.map((r) => [r.code, r.id]));
}

/**
 * Inserts the tree level by level (ids are identity columns, so a path is known only after its row exists):
 * each row starts with its parent's path, then one UPDATE per level appends the row's own id.
 * Returns the org id of every plan key.
 */
async function insertOrgs(
  tx: Executor,
  plan: readonly PlannedOrg[],
  categoryIds: Map<string, number>,
): Promise<number[]> {
  const ids: number[] = new Array<number>(plan.length);
  const paths: string[] = new Array<string>(plan.length);
  const maxDepth = Math.max(...plan.map((o) => o.depth));
  for (let depth = 0; depth <= maxDepth; depth++) {
    const level = plan.filter((o) => o.depth === depth);
    for (const part of chunks(level)) {
      const rows = await tx
        .insert(orgs)
        .values(
          part.map((o) => ({
            parentId: o.parentKey === null ? null : ids[o.parentKey],
            name: o.name,
            shortName: o.shortName,
            kind: o.kind,
            categoryId: categoryIds.get(o.category) ?? null,
            path: o.parentKey === null ? '' : paths[o.parentKey],
            depth,
            sortOrder: o.sortOrder,
            pinyin: orgSearchKey(o.name, o.shortName),
          })),
        )
        .returning({ id: orgs.id, name: orgs.name });
      // Names are unique in the plan; map by name rather than trusting RETURNING order.
      const byName = new Map(rows.map((r) => [r.name, r.id]));
      for (const o of part) {
        const id = byName.get(o.name);
        if (id === undefined) throw new Error(`demo org not inserted: ${o.name}`);
        ids[o.key] = id;
        paths[o.key] = o.parentKey === null ? String(id) : `${paths[o.parentKey]}.${id}`;
      }
    }
    await tx
      .update(orgs)
      .set({ path: sql`${orgs.path} || text2ltree(${orgs.id}::text)` })
      .where(eq(orgs.depth, depth));
  }
  return ids;
}

async function insertPeople(tx: Executor, plan: readonly PlannedPerson[], orgIds: number[]): Promise<number> {
  let count = 0;
  for (const part of chunks(plan)) {
    const rows = await tx
      .insert(people)
      .values(
        part.map((p) => ({
          orgId: orgIds[p.orgKey],
          name: p.name,
          gender: p.gender,
          position: p.position,
          politicalStatus: p.politicalStatus,
          phone: p.phone,
        })),
      )
      .returning({ id: people.id });
    count += rows.length;
  }
  return count;
}

async function orgIdByName(tx: Executor, name: string): Promise<number> {
  const org = await findOrgByName(tx, name);
  if (!org) throw new Error(`demo org missing: ${name}`);
  return org.id;
}

async function insertAccounts(
  tx: Executor,
  passwordHash: string,
  roleIds: Map<string, number>,
): Promise<number> {
  const [group] = await tx
    .insert(supervisionGroups)
    .values(SUPERVISION_GROUP)
    .returning({ id: supervisionGroups.id });
  for (const name of SUPERVISED_DISTRICTS) {
    await tx.insert(supervisionGroupOrgs).values({ groupId: group.id, orgId: await orgIdByName(tx, name) });
  }

  for (const account of DEMO_ACCOUNTS) {
    const homeOrgId = account.homeOrg ? await orgIdByName(tx, account.homeOrg) : null;
    let person: { id: number; name: string } | undefined;
    if (account.personPosition && homeOrgId !== null) {
      [person] = await tx
        .select({ id: people.id, name: people.name })
        .from(people)
        .where(and(eq(people.orgId, homeOrgId), eq(people.position, account.personPosition)))
        .orderBy(asc(people.id))
        .limit(1);
      if (!person) throw new Error(`no ${account.personPosition} in ${account.homeOrg}`);
    }
    const [user] = await tx
      .insert(users)
      .values({
        username: account.username,
        displayName: person?.name ?? account.displayName,
        passwordHash,
        orgId: homeOrgId,
        personId: person?.id ?? null,
        mustChangePassword: false,
        demoPassword: true,
      })
      .returning({ id: users.id });
    if (person) await tx.update(people).set({ userId: user.id }).where(eq(people.id, person.id));
    if (account.role && account.grantOrg) {
      const roleId = roleIds.get(account.role);
      if (roleId === undefined) throw new Error(`role missing: ${account.role}`);
      await tx
        .insert(grants)
        .values({ userId: user.id, roleId, orgId: await orgIdByName(tx, account.grantOrg) });
    } else {
      // No grant: a supervisor's access comes only from the group's assigned orgs.
      await tx.insert(supervisionGroupMembers).values({ groupId: group.id, userId: user.id, duty: '组员' });
    }
  }
  return DEMO_ACCOUNTS.length;
}

async function insertCampaign(tx: Executor, rootOrgId: number): Promise<number> {
  const [campaign] = await tx
    .insert(campaigns)
    .values({ ...DEMO_CAMPAIGN, issuingOrgId: rootOrgId, status: 'active' })
    .returning({ id: campaigns.id });
  const items = (kind: string, defs: CampaignItemDef[]) =>
    defs.map((d, i) => ({ campaignId: campaign.id, kind, seq: i + 1, title: d.title, detail: d.detail }));
  await tx
    .insert(campaignItems)
    .values([
      ...items('checklist', CHECKLIST),
      ...items('direction', DIRECTIONS),
      ...items('key_task', KEY_TASKS),
    ]);
  return campaign.id;
}
