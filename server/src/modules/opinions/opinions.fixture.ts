import type { FastifyInstance } from 'fastify';
import type { PublicSideConfig } from '../../config.js';
import { solvePow } from '../../platform/pow.js';

/** Tests: the public side's settings with an easy proof of work, overridable per test file. */
export const testPublicSide = (o: Partial<PublicSideConfig> = {}): PublicSideConfig => ({
  signDays: 2,
  answerDays: 10,
  toleranceHours: 0,
  powBits: 4,
  perIp: 100,
  perPhone: 100,
  windowMs: 3_600_000,
  mergeWindowMs: 600_000,
  ...o,
});

/** Tests: a fresh challenge from `app`, solved. */
export async function solvedChallenge(app: FastifyInstance, ip: string) {
  const res = await app.inject({ method: 'GET', url: '/api/v1/public/challenge', remoteAddress: ip });
  const ch = res.json() as { salt: string; difficulty: number };
  return { salt: ch.salt, nonce: solvePow(ch.salt, ch.difficulty) };
}

/** Tests: a citizen's submission from `ip` with a solved challenge. */
export async function postOpinion(app: FastifyInstance, ip: string, body: object) {
  return app.inject({
    method: 'POST',
    url: '/api/v1/public/opinions',
    remoteAddress: ip,
    payload: { ...body, challenge: await solvedChallenge(app, ip) },
  });
}
