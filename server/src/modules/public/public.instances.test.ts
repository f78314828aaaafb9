import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import { bootstrap } from '../../db/bootstrap.js';
import { solvedChallenge, testPublicSide } from '../opinions/opinions.fixture.js';
import { buildOrg } from '../../test/app.js';
import { openTestDatabase, type TestDatabase } from '../../test/db.js';

/** Two app instances on one database, as behind a load balancer: the abuse limits must hold across both. */
let tdb: TestDatabase;
let a: FastifyInstance;
let b: FastifyInstance;
const PER_IP = 4;
const PER_PHONE = 2;

beforeAll(async () => {
  tdb = await openTestDatabase();
  await bootstrap(tdb.database.db);
  await buildOrg(tdb.database.db, { name: '清河市主题教育办', kind: 'party' });
  const config = loadConfig(
    {},
    {
      logLevel: 'silent',
      pgliteDir: ':memory:',
      webDist: '/nonexistent',
      demo: false,
      publicSide: testPublicSide({ perIp: PER_IP, perPhone: PER_PHONE }),
    },
  );
  a = await buildApp(config, tdb.database);
  b = await buildApp(config, tdb.database);
  await Promise.all([a.ready(), b.ready()]);
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await tdb?.close();
});

const post = (app: FastifyInstance, ip: string, payload: object) =>
  app.inject({ method: 'POST', url: '/api/v1/public/opinions', remoteAddress: ip, payload });

const body = (text: string, extra: object = {}) => ({ category: '建议', orgId: null, text, ...extra });

describe('abuse limits across two app instances on one database', () => {
  it('a challenge issued by one instance is accepted once by the other, and never again by either', async () => {
    const ch = await solvedChallenge(a, '10.9.0.1');
    const first = await post(b, '10.9.0.1', { ...body('跨实例校验：路灯不亮请修一修'), challenge: ch });
    expect(first.statusCode, first.body).toBe(201);
    for (const app of [a, b]) {
      const again = await post(app, '10.9.0.1', {
        ...body('跨实例校验：另一条不同的意见内容'),
        challenge: ch,
      });
      expect(again.statusCode).toBe(400);
      expect(again.json().message).toContain('安全校验');
    }
  });

  it('the per-address limit counts submissions to both instances together', async () => {
    const ip = '10.9.0.2';
    const statuses: number[] = [];
    for (let i = 0; i < PER_IP + 2; i++) {
      const app = i % 2 === 0 ? a : b;
      const res = await post(app, ip, {
        ...body(`按地址限流第${i}条：小区门口积水`),
        challenge: await solvedChallenge(app, ip),
      });
      statuses.push(res.statusCode);
      if (res.statusCode === 429) expect(res.json().message).toMatch(/[\u4e00-\u9fa5]/);
    }
    // in memory each instance would have allowed PER_IP, PER_IP * 2 in all
    expect(statuses).toEqual([...Array<number>(PER_IP).fill(201), 429, 429]);
  });

  it('the per-phone limit counts submissions to both instances together, whatever the address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < PER_PHONE + 2; i++) {
      const app = i % 2 === 0 ? b : a;
      const ip = `10.9.1.${i}`;
      const res = await post(app, ip, {
        ...body(`按手机限流第${i}条：公交站牌缺失`, { phone: '13800001111' }),
        challenge: await solvedChallenge(app, ip),
      });
      statuses.push(res.statusCode);
    }
    expect(statuses).toEqual([...Array<number>(PER_PHONE).fill(201), 429, 429]);
  });

  it('concurrent submissions racing on both instances never exceed the per-address limit', async () => {
    const ip = '10.9.0.3';
    const chs = await Promise.all(Array.from({ length: 12 }, (_, i) => solvedChallenge(i % 2 ? a : b, ip)));
    const results = await Promise.all(
      chs.map((ch, i) => post(i % 2 ? b : a, ip, { ...body(`并发第${i}条：菜市场卫生差`), challenge: ch })),
    );
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(PER_IP);
    expect(codes.filter((c) => c === 429)).toHaveLength(12 - PER_IP);
  });
});
