import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Config } from './config.js';
import type { Database, Db } from './db/client.js';
import { authRoutes } from './platform/auth/auth.routes.js';
import { installAuth } from './platform/auth/plugin.js';
import { installErrorHandler } from './platform/http.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { campaignRoutes } from './modules/campaigns/campaigns.routes.js';
import { orgRoutes } from './modules/orgs/orgs.routes.js';
import { orgTransferRoutes } from './modules/orgs/orgs.transfer.routes.js';
import { peopleRoutes } from './modules/people/people.routes.js';
import { peopleTransferRoutes } from './modules/people/people.transfer.routes.js';
import { cachedSessionTtl } from './modules/settings/settings.service.js';
import { settingsRoutes } from './modules/settings/settings.routes.js';
import { inspectionRoutes } from './modules/inspections/inspections.routes.js';
import { problemExcelRoutes } from './modules/problems/problems.excel.routes.js';
import { groupRoutes } from './modules/problems/problems.groups.js';
import { problemRoutes } from './modules/problems/problems.routes.js';
import { ruleRoutes } from './modules/problems/problems.rules.js';
import { ruleFileRoutes } from './modules/problems/problems.rulefile.js';
import { ledgerSettingsRoutes } from './modules/problems/problems.settings.js';
import { userRoutes } from './modules/users/users.routes.js';
import { grantRoutes } from './modules/users/grants.routes.js';
import { taskRoutes } from './modules/tasks/tasks.routes.js';
import { campaignWriteRoutes } from './modules/campaigns/campaigns.write.js';
import { inboxRoutes } from './modules/notifications/notifications.routes.js';
import { meetingRoutes } from './modules/meetings/meetings.routes.js';
import { opinionRoutes } from './modules/opinions/opinions.routes.js';
import { deedRoutes } from './modules/deeds/deeds.routes.js';
import { articleRoutes } from './modules/articles/articles.routes.js';
import { publicRoutes } from './modules/public/public.routes.js';
import { dashboardRoutes } from './modules/dashboard/dashboard.routes.js';
import { studyRoutes } from './modules/study/study.routes.js';
import { researchRoutes } from './modules/research/research.routes.js';
import { researchFileRoutes } from './modules/research/research.file.js';

/** Every route the app serves, collected as it is registered: the route table the access and fuzz suites walk. */
export interface RouteInfo {
  method: string;
  url: string;
  hasBody: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: RouteInfo[];
  }
}

export interface Deps {
  db: Db;
  database: Database;
  config: Config;
}

z.config(z.locales.zhCN());

export async function buildApp(config: Config, database: Database): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      config.logLevel === 'silent'
        ? false
        : {
            level: config.logLevel,
            redact: {
              paths: ['req.headers.cookie', 'req.headers["x-csrf-token"]', '*.password', '*.phone'],
              censor: '***',
            },
          },
    genReqId: () => randomUUID(),
    bodyLimit: 2 * 1024 * 1024,
    trustProxy: process.env.TRUST_PROXY === '1',
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  const routeTable: RouteInfo[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) {
      if (method === 'HEAD' || r.schema?.hide) continue;
      routeTable.push({ method, url: r.url, hasBody: Boolean(r.schema?.body) });
    }
  });

  const deps: Deps = { db: database.db, database, config };
  // Behind a load balancer: which instance answered (docs/operations.md).
  const instance = config.instance;
  if (instance)
    app.addHook('onSend', async (_req, reply) => void reply.header('x-luoshi-instance', instance));

  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(multipart, { limits: { fileSize: 10 * 1024 * 1024, files: 1 } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Luoshi 落实 API', version: '1.0.0' },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  installAuth(app, deps.db, {
    ttlMinutes: () => cachedSessionTtl(config.sessionTtlMinutes),
    demo: config.demo,
  });

  app.get(
    '/api/health',
    {
      schema: {
        tags: ['meta'],
        response: { 200: z.object({ status: z.literal('ok'), db: z.enum(['pglite', 'postgres']) }) },
      },
    },
    async () => {
      await database.db.execute('select 1');
      return { status: 'ok' as const, db: database.engine };
    },
  );
  app.get(
    '/api/v1/meta',
    { schema: { tags: ['meta'], response: { 200: z.object({ demo: z.boolean(), version: z.string() }) } } },
    async () => ({ demo: config.demo, version: '0.1.0' }),
  );

  for (const routes of [
    authRoutes,
    orgRoutes,
    orgTransferRoutes,
    peopleRoutes,
    peopleTransferRoutes,
    userRoutes,
    grantRoutes,
    settingsRoutes,
    auditRoutes,
    campaignRoutes,
    campaignWriteRoutes,
    taskRoutes,
    inboxRoutes,
    meetingRoutes,
    problemExcelRoutes,
    problemRoutes,
    groupRoutes,
    ruleRoutes,
    ruleFileRoutes,
    ledgerSettingsRoutes,
    inspectionRoutes,
    opinionRoutes,
    deedRoutes,
    articleRoutes,
    publicRoutes,
    dashboardRoutes,
    studyRoutes,
    researchRoutes,
    researchFileRoutes,
  ]) {
    await app.register(routes(deps));
  }

  const webIndex = path.join(config.webDist, 'index.html');
  if (fs.existsSync(webIndex)) {
    await app.register(fastifyStatic, { root: config.webDist, wildcard: false, index: false });
    const html = fs.readFileSync(webIndex, 'utf8');
    app.setNotFoundHandler((req, reply) => {
      if (req.url.startsWith('/api/') || req.method !== 'GET') {
        return reply.status(404).send({ code: 'NOT_FOUND', message: '接口不存在', requestId: req.id });
      }
      const file = req.url.split('?')[0];
      if (file !== '/' && fs.existsSync(path.join(config.webDist, file)) && !file.includes('..')) {
        return reply.sendFile(file.slice(1));
      }
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
    });
  } else {
    app.setNotFoundHandler((req, reply) =>
      reply.status(404).send({ code: 'NOT_FOUND', message: '接口不存在', requestId: req.id }),
    );
  }
  return app;
}
