import { count, eq } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import { buildApp } from './app.js';
import { loadConfig, type Config } from './config.js';
import { bootstrap } from './db/bootstrap.js';
import { openDatabase, type Database } from './db/client.js';
import { migrate } from './db/migrate.js';
import { seedDemo } from './modules/demo/demo.seed.js';
import { createJobRunner } from './modules/reminders/reminders.jobs.js';
import { exportOrgsFile, importOrgsFile } from './modules/orgs/orgs.transfer.js';
import { insertRootOrg } from './modules/orgs/orgs.repo.js';
import { orgs } from './modules/orgs/orgs.table.js';
import { grants, roles } from './platform/access/access.table.js';
import { PERMISSIONS } from './platform/access/permissions.js';
import { recordAudit, verifyAuditChain } from './platform/audit/audit.js';
import { users } from './platform/auth/auth.table.js';
import { hashPassword, passwordProblem } from './platform/auth/passwords.js';
import { backupDatabase, restoreDatabase } from './platform/backup.js';
import { systemCtx, type Ctx } from './platform/context.js';
import { orgSearchKey } from './platform/pinyin.js';
import { verifyRollups } from './modules/dashboard/rollup.verify.js';
import { fillLedgerRows, verifyLedgerRows } from './modules/problems/problems.ledger-rows.js';

const USAGE = `用法 usage: npm run luoshi -- <command>
  start                      migrate, seed the demo city if empty (demo mode), serve on HOST:PORT
  migrate                    apply database migrations
  seed-demo                  write the demo city into an empty database
  create-admin <username> [--password P] [--role sysadmin|secadmin|auditor|office_admin] [--root-name 名称]
  import-orgs <file.xlsx>    import orgs (all or nothing; lists every bad row)
  export-orgs <file.xlsx>    export the whole org tree
  backup <file>              online logical backup (gzip JSON lines)
  restore <file>             restore a backup into an empty, migrated database
  audit-verify               check the audit log's hash chain
  verify-rollups             check every roll-up counter against a full recomputation
  ledger-rows                render the ledger-export rows (ledger_rows) still missing
  verify-ledger-rows         check every stored ledger-export row against a fresh render`;

class CliError extends Error {}

async function open(config: Config, opts: { bootstrap?: boolean } = {}): Promise<Database> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    databaseReadUrl: config.databaseReadUrl,
    pgliteDir: config.pgliteDir,
  });
  await migrate(database);
  // A restore brings its own roles: the target must stay empty until then.
  if (opts.bootstrap !== false) await bootstrap(database.db);
  return database;
}

/** The CLI acts as the system with every permission over every root of the tree. */
async function cliCtx(database: Database): Promise<Ctx> {
  const roots = await database.db
    .select({ id: orgs.id, name: orgs.name, path: orgs.path })
    .from(orgs)
    .where(eq(orgs.depth, 0));
  const ctx = systemCtx('cli');
  ctx.actor.grants = roots.map((r) => ({
    grantId: 0,
    roleCode: 'system',
    roleName: 'system',
    orgId: r.id,
    orgName: r.name,
    path: r.path,
    permissions: [...PERMISSIONS],
    systemRole: false,
  }));
  return ctx;
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i === -1) return undefined;
  const v = args[i + 1];
  if (!v || v.startsWith('--')) throw new CliError(`${name} needs a value`);
  args.splice(i, 2);
  return v;
}

async function isEmpty(database: Database) {
  const [r] = await database.db.select({ n: count() }).from(orgs);
  return Number(r?.n ?? 0) === 0;
}

async function start(config: Config) {
  const t0 = Date.now();
  const database = await open(config);
  const log = (msg: string) => console.log(`[luoshi] ${msg}`);
  if (await isEmpty(database)) {
    if (config.demo) {
      const s = await seedDemo(database.db);
      log(`演示数据已写入 demo city seeded: ${s.orgs} orgs, ${s.people} people, ${s.users} accounts`);
    } else {
      log(
        '数据库为空：请运行 npm run luoshi -- create-admin <username> 创建管理员 (empty database: run create-admin)',
      );
    }
  }
  if (!config.demo) {
    const [r] = await database.db.select({ n: count() }).from(users).where(eq(users.demoPassword, true));
    if (Number(r?.n ?? 0) > 0) {
      await database.close();
      throw new CliError(
        `拒绝启动：${r.n} 个账号仍在使用演示密码。请修改这些账号的密码，或设置 LUOSHI_DEMO=1 以演示模式运行 ` +
          `(refusing to start: ${r.n} accounts still have the demo password; change them or set LUOSHI_DEMO=1)`,
      );
    }
  }
  const app = await buildApp(config, database);
  // Reminder ladder and outbox delivery; with several instances each job still runs once per interval.
  const jobs = createJobRunner(database.db, log, config.instance);
  app.addHook('onClose', () => jobs.stop());
  const stop = async (signal: string) => {
    log(`${signal}: stopping`);
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  // Diagnostics: when node runs with --expose-gc, SIGUSR2 asks for a full garbage collection (the load test
  // reads the resident memory after one, so GC timing does not pass for growth).
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) process.on('SIGUSR2', () => gc());
  await app.listen({ host: config.host, port: config.port });
  jobs.start(config.jobTickMs);
  log(
    `Luoshi 落实 listening on http://${config.host}:${config.port} (db: ${database.engine}${config.demo ? ', 演示模式 demo mode' : ''}, ready in ${Date.now() - t0} ms)`,
  );
}

async function createAdmin(config: Config, args: string[]) {
  const role = flag(args, '--role') ?? 'sysadmin';
  const rootName = flag(args, '--root-name') ?? '中共本级委员会';
  let password = flag(args, '--password');
  const username = args[0];
  if (!username || !/^[a-zA-Z][a-zA-Z0-9_.-]{2,31}$/.test(username))
    throw new CliError('a username of 3-32 letters/digits is required');
  const generated = !password;
  password ??= `Ls-${randomBytes(9).toString('base64url')}1a`;
  const problem = passwordProblem(password, username);
  if (problem) throw new CliError(`password: ${problem}`);
  const database = await open(config);
  try {
    const [r] = await database.db.select().from(roles).where(eq(roles.code, role));
    if (!r) throw new CliError(`unknown role ${role}`);
    const passwordHash = await hashPassword(password);
    await database.db.transaction(async (tx) => {
      const [exists] = await tx.select({ id: users.id }).from(users).where(eq(users.username, username));
      if (exists) throw new CliError(`user ${username} exists`);
      let [root] = await tx.select().from(orgs).where(eq(orgs.depth, 0)).limit(1);
      if (!root) {
        const id = await insertRootOrg(tx, {
          name: rootName,
          kind: 'committee',
          pinyin: orgSearchKey(rootName),
        });
        [root] = await tx.select().from(orgs).where(eq(orgs.id, id));
      }
      const [u] = await tx
        .insert(users)
        .values({ username, displayName: username, orgId: root.id, passwordHash, mustChangePassword: true })
        .returning({ id: users.id });
      await tx.insert(grants).values({ userId: u.id, roleId: r.id, orgId: root.id });
      await recordAudit(tx, systemCtx('cli'), {
        action: 'user.create',
        entityType: 'user',
        entityId: u.id,
        after: { username, role },
      });
    });
  } finally {
    await database.close();
  }
  console.log(
    `created ${username} (${role})${generated ? `, initial password: ${password}` : ''}; it must be changed at first login`,
  );
}

async function main(argv: string[]) {
  const [command, ...args] = argv;
  const config = loadConfig();
  switch (command) {
    case 'start':
      return start(config);
    case 'migrate': {
      const database = await open(config);
      await database.close();
      return console.log('migrated');
    }
    case 'seed-demo': {
      const database = await open(config);
      try {
        if (!(await isEmpty(database))) throw new CliError('database is not empty');
        const s = await seedDemo(database.db);
        return console.log(`seeded: ${s.orgs} orgs, ${s.people} people, ${s.users} accounts`);
      } finally {
        await database.close();
      }
    }
    case 'create-admin':
      return createAdmin(config, args);
    case 'import-orgs':
    case 'export-orgs': {
      const file = args[0];
      if (!file) throw new CliError(`${command} needs a file`);
      const database = await open(config);
      try {
        const ctx = await cliCtx(database);
        if (command === 'export-orgs') {
          await exportOrgsFile(database.db, ctx, file);
          return console.log(`exported to ${file}`);
        }
        const r = await importOrgsFile(database.db, ctx, file);
        if (!r.ok) {
          for (const e of r.errors) console.error(`第${e.row}行 ${e.column}: ${e.message}`);
          throw new CliError(`${r.errors.length} errors; nothing imported`);
        }
        return console.log(`imported ${r.count} orgs`);
      } finally {
        await database.close();
      }
    }
    case 'backup':
    case 'restore': {
      const file = args[0];
      if (!file) throw new CliError(`${command} needs a file`);
      const database = await open(config);
      try {
        const r =
          command === 'backup' ? await backupDatabase(database, file) : await restoreDatabase(database, file);
        const rows = Object.values(r.tables).reduce((a, b) => a + b, 0);
        return console.log(`${command}: ${Object.keys(r.tables).length} tables, ${rows} rows`);
      } finally {
        await database.close();
      }
    }
    case 'audit-verify': {
      const database = await open(config);
      try {
        const r = await verifyAuditChain(database.db);
        if (!r.ok)
          throw new CliError(
            `audit chain broken at event ${r.brokenAt}: ${r.reason} (${r.checked} verified before it)`,
          );
        return console.log(`audit chain ok: ${r.checked} events`);
      } finally {
        await database.close();
      }
    }
    case 'verify-rollups': {
      const database = await open(config);
      try {
        const t0 = performance.now();
        const bad = await verifyRollups(database.db);
        const ms = Math.round(performance.now() - t0);
        if (bad.length === 0)
          return console.log(`rollups ok: every counter equals a recomputation (${ms} ms)`);
        for (const m of bad) {
          console.error(`${m.name}: ${m.count} counter(s) differ from a recomputation`);
          for (const e of m.examples)
            console.error(`  ${e.key}: stored ${e.stored ?? '(none)'}, recomputed ${e.expected ?? '(none)'}`);
        }
        throw new CliError(
          `rollups wrong in ${bad.map((m) => m.name).join(', ')}; \`select rollup_rebuild()\` recomputes them`,
        );
      } finally {
        await database.close();
      }
    }
    case 'ledger-rows': {
      const database = await open(config);
      try {
        const t0 = performance.now();
        const n = await fillLedgerRows(database.db);
        return console.log(`ledger rows: ${n} rendered (${Math.round(performance.now() - t0)} ms)`);
      } finally {
        await database.close();
      }
    }
    case 'verify-ledger-rows': {
      const database = await open(config);
      try {
        const r = await verifyLedgerRows(database.db);
        if (r.stale.length === 0) return console.log(`ledger rows ok: ${r.checked} equal a fresh render`);
        throw new CliError(
          `${r.stale.length} of ${r.checked} ledger rows differ from a fresh render (problems ${r.stale.slice(0, 20).join(', ')}); ` +
            '`delete from ledger_rows` then `ledger-rows` renders them again',
        );
      } finally {
        await database.close();
      }
    }
    default:
      console.error(USAGE);
      throw new CliError(command ? `unknown command ${command}` : 'no command');
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  const msg = err instanceof Error ? err.message : String(err);
  console.error(`error: ${msg.split('\n')[0]}`);
  if (!(err instanceof CliError) && process.env.LUOSHI_DEBUG) console.error(err);
  process.exit(1);
});
