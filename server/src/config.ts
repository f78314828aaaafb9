import path from 'node:path';

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  /** postgres://… switches from the embedded PGlite to a PostgreSQL server. */
  databaseUrl: string | undefined;
  /** DATABASE_READ_URL: a read replica for the dashboards' and the public portal's read-only routes. */
  databaseReadUrl: string | undefined;
  /** LUOSHI_INSTANCE: this instance's name when several run behind a proxy (x-luoshi-instance, job owner). */
  instance: string | undefined;
  /** LUOSHI_JOB_TICK_MS: how often the scheduler looks for due jobs. */
  jobTickMs: number;
  /** ':memory:' keeps PGlite in memory (tests). */
  pgliteDir: string;
  demo: boolean;
  /** LUOSHI_DEMO was set explicitly (needed for demo data on PostgreSQL). */
  demoExplicit: boolean;
  sessionTtlMinutes: number;
  logLevel: string;
  webDist: string;
  secureCookies: boolean;
  /** the public side: opinion time limits and abuse limits */
  publicSide: PublicSideConfig;
}

export interface PublicSideConfig {
  /** sign for an opinion within this many working days of submission */
  signDays: number;
  /** answer within this many working days of submission */
  answerDays: number;
  /** hours of grace before a late sign/answer counts against the unit in the statistics */
  toleranceHours: number;
  /** leading zero bits the proof of work needs */
  powBits: number;
  /** submissions per client address, and per phone number, per window */
  perIp: number;
  perPhone: number;
  windowMs: number;
  /** identical text from the same address or phone within this window is merged into one */
  mergeWindowMs: number;
}

const root = path.resolve(import.meta.dirname, '../..');

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const dataDir = path.resolve(env.DATA_DIR ?? path.join(root, 'data'));
  const databaseUrl = env.DATABASE_URL || undefined;
  const demoFlag = env.LUOSHI_DEMO;
  const demoExplicit = demoFlag === '1' || demoFlag === 'true';
  return {
    host: env.HOST ?? '127.0.0.1',
    port: Number(env.PORT ?? 3000),
    dataDir,
    databaseUrl,
    databaseReadUrl: (databaseUrl && env.DATABASE_READ_URL) || undefined,
    instance: env.LUOSHI_INSTANCE || undefined,
    // A tick that is not a positive number of milliseconds falls back to 15 s (NaN would make setInterval spin).
    jobTickMs: Number(env.LUOSHI_JOB_TICK_MS) > 0 ? Number(env.LUOSHI_JOB_TICK_MS) : 15_000,
    pgliteDir: path.join(dataDir, 'pglite'),
    // On the embedded database demo mode is the default; on PostgreSQL only when asked for.
    demo: databaseUrl ? demoExplicit : demoFlag !== '0' && demoFlag !== 'false',
    demoExplicit,
    sessionTtlMinutes: Number(env.SESSION_TTL_MINUTES ?? 480),
    logLevel: env.LOG_LEVEL ?? 'info',
    webDist: path.join(root, 'dist', 'web'),
    secureCookies: env.SECURE_COOKIES === '1',
    publicSide: {
      signDays: Number(env.OPINION_SIGN_DAYS ?? 2),
      answerDays: Number(env.OPINION_ANSWER_DAYS ?? 10),
      toleranceHours: Number(env.OPINION_TOLERANCE_HOURS ?? 0),
      powBits: Number(env.PUBLIC_POW_BITS ?? 16),
      perIp: Number(env.PUBLIC_PER_IP ?? 10),
      perPhone: Number(env.PUBLIC_PER_PHONE ?? 5),
      windowMs: 3_600_000,
      mergeWindowMs: 10 * 60_000,
    },
    ...overrides,
  };
}
