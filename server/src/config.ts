import path from 'node:path';

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  /** postgres://… switches from the embedded PGlite to a PostgreSQL server. */
  databaseUrl: string | undefined;
  /** ':memory:' keeps PGlite in memory (tests). */
  pgliteDir: string;
  demo: boolean;
  /** LUOSHI_DEMO was set explicitly (needed for demo data on PostgreSQL). */
  demoExplicit: boolean;
  sessionTtlMinutes: number;
  logLevel: string;
  webDist: string;
  secureCookies: boolean;
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
    pgliteDir: path.join(dataDir, 'pglite'),
    // On the embedded database demo mode is the default; on PostgreSQL only when asked for.
    demo: databaseUrl ? demoExplicit : demoFlag !== '0' && demoFlag !== 'false',
    demoExplicit,
    sessionTtlMinutes: Number(env.SESSION_TTL_MINUTES ?? 480),
    logLevel: env.LOG_LEVEL ?? 'info',
    webDist: path.join(root, 'dist', 'web'),
    secureCookies: env.SECURE_COOKIES === '1',
    ...overrides,
  };
}
