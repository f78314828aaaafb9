import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { eq, is, sql } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database, type Db } from '../db/client.js';
import { bootstrap } from '../db/bootstrap.js';
import { migrate } from '../db/migrate.js';
import * as schema from '../db/schema.js';
import { openTestDatabase, queryRows, type TestDatabase } from '../test/db.js';
import { verifyRollups } from '../modules/dashboard/rollup.verify.js';
import { recordAudit, verifyAuditChain } from './audit/audit.js';
import { backupDatabase, restoreDatabase } from './backup.js';
import { systemCtx } from './context.js';

const tableNames = Object.values(schema as Record<string, unknown>)
  .filter((x): x is PgTable => is(x, PgTable))
  .map((t) => getTableConfig(t).name)
  // sessions are not data; the roll-up counters are derived and rebuilt by the triggers as rows are restored
  .filter((name) => name !== 'sessions' && !name.startsWith('rollup_'))
  .sort();

/** Every row of every backed-up table as sorted JSON, timestamps in UTC with their microseconds. */
async function dump(db: Db): Promise<Record<string, string[]>> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local timezone = 'UTC'`);
    const out: Record<string, string[]> = {};
    for (const name of tableNames) {
      const rows = await queryRows<{ j: string }>(
        tx,
        sql`select row_to_json(t)::text as j from ${sql.identifier(name)} t`,
      );
      out[name] = rows.map((r) => r.j).sort();
    }
    return out;
  });
}

async function count(db: Db, table: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from ${sql.identifier(table)}`,
  );
  return row.n;
}

/** A small org tree (ltree paths are ids), people, a user with a grant, settings, a group, audit events. */
async function seed(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    const [category] = await tx
      .insert(schema.orgCategories)
      .values({ code: 'district', name: '县区', level: '县级', sector: '地方' })
      .returning();
    const [city] = await tx
      .insert(schema.orgs)
      .values({
        name: '中共清河市委员会',
        shortName: '清河市委',
        kind: 'committee',
        path: '0',
        depth: 0,
        pinyin: 'qhsw',
      })
      .returning();
    await tx
      .update(schema.orgs)
      .set({ path: sql`${city.id}::text::ltree` })
      .where(eq(schema.orgs.id, city.id));
    const children = [];
    for (const [i, name] of ['东城区委', '西城区委', '市教育局党组'].entries()) {
      const [child] = await tx
        .insert(schema.orgs)
        .values({
          parentId: city.id,
          name,
          kind: 'committee',
          categoryId: category.id,
          path: '0',
          depth: 1,
          sortOrder: i,
        })
        .returning();
      await tx
        .update(schema.orgs)
        .set({ path: sql`(select path from orgs where id = ${city.id}) || ${String(child.id)}::ltree` })
        .where(eq(schema.orgs.id, child.id));
      children.push(child);
    }
    const [person] = await tx
      .insert(schema.people)
      .values([
        {
          orgId: city.id,
          name: '张三',
          gender: '男',
          politicalStatus: '中共党员',
          position: '书记',
          phone: '13800000000',
        },
        { orgId: children[0].id, name: '李四', gender: '女', politicalStatus: '中共党员', position: null },
      ])
      .returning();
    const [user] = await tx
      .insert(schema.users)
      .values({
        username: 'zhangsan',
        displayName: '张三',
        passwordHash: '$argon2id$x',
        orgId: city.id,
        personId: person.id,
      })
      .returning();
    // Microseconds and an offset: a Date-based round trip would lose them.
    await tx.execute(
      sql`update users set last_login_at = '2023-10-31 08:00:00.123456+08', updated_at = '2023-11-01 00:00:00.000001+00'
          where id = ${user.id}`,
    );
    const [role] = await tx
      .insert(schema.roles)
      .values([
        {
          code: 'office',
          name: '领导小组办公室',
          permissions: ['org.read', 'task.deploy', 'a,b "quoted" {x}', 'NULL'],
        },
        { code: 'secadmin', name: '安全保密管理员', permissions: [], systemRole: true },
      ])
      .returning();
    await tx.insert(schema.grants).values({ userId: user.id, roleId: role.id, orgId: city.id });
    const [group] = await tx
      .insert(schema.supervisionGroups)
      .values({ name: '第十二巡回督导组', issuer: '省委' })
      .returning();
    await tx
      .insert(schema.supervisionGroupMembers)
      .values({ groupId: group.id, userId: user.id, duty: '组长' });
    await tx.insert(schema.supervisionGroupOrgs).values({ groupId: group.id, orgId: children[1].id });
    const [campaign] = await tx
      .insert(schema.campaigns)
      .values({
        code: '2023-2',
        name: '第二批主题教育',
        issuingOrgId: city.id,
        goals: ['凝心铸魂筑牢根本', '锤炼品格强化忠诚'],
        phases: [{ name: '部署', startsOn: '2023-09-01', endsOn: '2023-09-15' }],
        startsOn: '2023-09-01',
      })
      .returning();
    await tx
      .insert(schema.campaignItems)
      .values({ campaignId: campaign.id, kind: 'checklist', seq: 1, title: '理论学习' });
    await tx.insert(schema.settings).values([
      { key: 'security.password', value: { minLength: 12, nested: { z: 1, a: [1.5, null] } } },
      { key: 'site.notice', value: '第一行\n第二行\u2028"引号"\\' },
    ]);
    // More digits than a JS number holds: only a text round trip keeps them.
    await tx.execute(
      sql`update settings set value = value || '{"big": 12345678901234567890.000001}'::jsonb where key = 'security.password'`,
    );
    await tx
      .insert(schema.sessions)
      .values({ id: 'x'.repeat(64), userId: user.id, csrfToken: 'c', expiresAt: new Date() });
    await recordAudit(tx, systemCtx(), {
      action: 'org.create',
      entityType: 'org',
      entityId: city.id,
      orgId: city.id,
      after: { name: city.name, path: String(city.id), tags: ['市委', { k: 'v' }] },
    });
    await recordAudit(tx, systemCtx('seed'), {
      action: 'user.create',
      entityType: 'user',
      entityId: user.id,
      orgId: city.id,
      before: null,
      after: { username: user.username, passwordHash: 'secret' },
    });
  });
}

describe('backup and restore', () => {
  let source: TestDatabase;
  let target: TestDatabase;
  let dir: string;
  let file: string;

  beforeAll(async () => {
    [source, target] = await Promise.all([openTestDatabase(), openTestDatabase()]);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-backup-'));
    file = path.join(dir, 'backup.jsonl.gz');
    await seed(source.database.db);
    // Two PGlite databases migrated at once: allow for a busy machine.
  }, 300_000);
  afterAll(async () => {
    await Promise.all([source?.close(), target?.close()]);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('backs up every table but sessions, and restores identical rows', async () => {
    const backedUp = await backupDatabase(source.database, file);
    expect(Object.keys(backedUp.tables).sort()).toEqual(tableNames);
    expect(backedUp.tables).toMatchObject({
      orgs: 4,
      people: 2,
      users: 1,
      roles: 2,
      audit_events: 2,
      settings: 2,
    });

    // As the app leaves a fresh database: migrated, with the built-in roles the backup replaces.
    await bootstrap(target.database.db);
    expect(await count(target.database.db, 'roles')).toBeGreaterThan(2);
    const restored = await restoreDatabase(target.database, file);
    expect(restored.tables).toEqual(backedUp.tables);
    expect(await dump(target.database.db)).toEqual(await dump(source.database.db));
    expect(await count(target.database.db, 'sessions')).toBe(0);
    expect(await verifyRollups(target.database.db)).toEqual([]);
  });

  it('keeps ltree paths working and the audit chain verifiable', async () => {
    const db = target.database.db;
    const inTree = await queryRows(
      db,
      sql`select count(*)::int as n from orgs where path <@ (select path from orgs where parent_id is null)`,
    );
    expect(inTree).toEqual([{ n: 4 }]);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: 2 });
    await db.transaction((tx) =>
      recordAudit(tx, systemCtx(), { action: 'after.restore', entityType: 'test' }),
    );
    expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: 3 });
  });

  it('moves identity sequences past the restored ids', async () => {
    const db = target.database.db;
    const [max] = await queryRows<{ id: number }>(db, sql`select max(id)::int as id from orgs`);
    const [org] = await db
      .insert(schema.orgs)
      .values({ name: '新单位', kind: 'branch', path: '0', depth: 0 })
      .returning({ id: schema.orgs.id });
    expect(org.id).toBe(max.id + 1);
    const [role] = await db
      .insert(schema.roles)
      .values({ code: 'new', name: '新角色', permissions: [] })
      .returning({ id: schema.roles.id });
    expect(role.id).toBe(3);
  });

  it('refuses to restore into a database that holds data', async () => {
    await expect(restoreDatabase(target.database, file)).rejects.toThrow(/not empty: .*orgs \(5 rows\)/);
  });

  it('rolls back a truncated backup and leaves the target empty', async () => {
    const fresh = await openTestDatabase();
    try {
      const cut = path.join(dir, 'cut.jsonl.gz');
      const bytes = fs.readFileSync(file);
      fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
      await expect(restoreDatabase(fresh.database, cut)).rejects.toThrow(/corrupt or truncated/);
      fs.writeFileSync(cut, gzipSync(gunzipSync(bytes).toString().split('\n').slice(0, -2).join('\n')));
      await expect(restoreDatabase(fresh.database, cut)).rejects.toThrow(/truncated \(no end marker\)/);
      fs.writeFileSync(cut, gzipSync('{"hello":1}\n'));
      await expect(restoreDatabase(fresh.database, cut)).rejects.toThrow(/not a Luoshi backup/);
      expect(await count(fresh.database.db, 'orgs')).toBe(0);
      expect(await count(fresh.database.db, 'audit_events')).toBe(0);
    } finally {
      await fresh.close();
    }
  });

  it('rolls back a restore whose data does not checksum as the snapshot did', async () => {
    const fresh = await openTestDatabase();
    try {
      const lines = gunzipSync(fs.readFileSync(file)).toString().split('\n');
      const at = lines.findIndex((l) => l.includes('"东城区委"'));
      expect(at).toBeGreaterThan(0);
      lines[at] = lines[at].replace('"东城区委"', '"东城区委（篡改）"');
      const tampered = path.join(dir, 'tampered.jsonl.gz');
      fs.writeFileSync(tampered, gzipSync(lines.join('\n')));
      await expect(restoreDatabase(fresh.database, tampered)).rejects.toThrow(
        /differs from the backup's snapshot in orgs$/,
      );
      expect(await count(fresh.database.db, 'orgs')).toBe(0);
    } finally {
      await fresh.close();
    }
  });

  // With a server at hand, prove the format is engine-independent: PostgreSQL → PGlite → PostgreSQL.
  it.runIf(process.env.TEST_DATABASE_URL)(
    'restores across engines',
    async () => {
      let lite: Database | undefined;
      const back = await openTestDatabase();
      try {
        lite = await openDatabase({ pgliteDir: ':memory:' });
        await migrate(lite);
        await restoreDatabase(lite, file);
        expect(await verifyAuditChain(lite.db)).toEqual({ ok: true, checked: 2 });
        const again = path.join(dir, 'from-pglite.jsonl.gz');
        await backupDatabase(lite, again);
        await restoreDatabase(back.database, again);
        expect(await dump(back.database.db)).toEqual(await dump(source.database.db));
      } finally {
        await lite?.close();
        await back.close();
      }
    },
    180_000,
  );
});
