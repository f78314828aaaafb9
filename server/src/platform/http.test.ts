import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { installErrorHandler } from './http.js';

/** A database error as drizzle throws it: the driver's error, with its SQLSTATE, as the cause. */
const dbError = (code: string) =>
  Object.assign(new Error('Failed query: …'), { cause: Object.assign(new Error('db'), { code }) });

describe('error handler', () => {
  it('answers database errors a request can cause with a client status and code, others with 500', async () => {
    const app = Fastify({ logger: false });
    installErrorHandler(app);
    app.get('/fail/:code', async (req) => {
      throw dbError((req.params as { code: string }).code);
    });
    const cases: [string, number, string][] = [
      ['40P01', 409, 'CONCURRENT'], // deadlock, after the transaction's retries
      ['40001', 409, 'CONCURRENT'], // serialization failure
      ['23505', 409, 'DUPLICATE'],
      ['22P05', 400, 'VALIDATION'], // NUL in jsonb
      ['XX000', 500, 'INTERNAL'],
    ];
    for (const [code, status, appCode] of cases) {
      const res = await app.inject({ url: `/fail/${code}`, headers: { 'accept-language': 'zh-CN' } });
      expect([code, res.statusCode, res.json().code]).toEqual([code, status, appCode]);
      expect(res.json().message).toMatch(/\p{Script=Han}/u);
    }
    const en = await app.inject({ url: '/fail/40P01', headers: { 'accept-language': 'en-US' } });
    expect(en.json().message).toBe('Someone else is changing the same records; try again');
    await app.close();
  });
});
