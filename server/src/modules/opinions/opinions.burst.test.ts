import { eq, gt, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { solvePow } from '../../platform/pow.js';
import { makeTestApp, type TestApp } from '../../test/app.js';
import { opinions } from './opinions.table.js';

let t: TestApp;
const PER_IP = 15;

beforeAll(async () => {
  t = await makeTestApp({
    demo: true,
    config: {
      publicSide: {
        signDays: 2,
        answerDays: 10,
        toleranceHours: 0,
        powBits: 2,
        perIp: PER_IP,
        perPhone: 3,
        windowMs: 3_600_000,
        mergeWindowMs: 600_000,
      },
    },
  });
});
afterAll(() => t.close());

async function submit(ip: string, text: string, phone?: string) {
  const ch = (
    await t.app.inject({ method: 'GET', url: '/api/v1/public/challenge', remoteAddress: ip })
  ).json();
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/public/opinions',
    remoteAddress: ip,
    payload: {
      category: '建议',
      text,
      ...(phone ? { phone } : {}),
      challenge: { salt: ch.salt, nonce: solvePow(ch.salt, ch.difficulty) },
    },
  });
  return {
    status: res.statusCode,
    body: res.json() as { code?: string; merged?: boolean; message?: string },
  };
}

describe('a burst of 1,000 submissions from 50 concurrent clients', () => {
  it('loses none: one code per accepted submission, repeats merged, over-limit answered 429', async () => {
    // The demo city already holds opinions: count only what the burst adds.
    const [{ lastId }] = await t.db
      .select({ lastId: sql<number>`coalesce(max(${opinions.id}), 0)`.mapWith(Number) })
      .from(opinions);
    // Each client sends 20: 16 distinct texts and 4 repeats of its first text.
    const clients = Array.from({ length: 50 }, (_, c) => `192.0.2.${c + 1}`);
    const results = await Promise.all(
      clients.map(async (ip, c) => {
        const out: { text: string; status: number; code?: string; merged?: boolean; message?: string }[] = [];
        for (let i = 0; i < 20; i++) {
          const text = `第${c}号客户端的第${i % 5 === 4 ? 0 : i}条建议：小区绿化需要维护`;
          const r = await submit(ip, text);
          out.push({ text, status: r.status, ...r.body });
        }
        return out;
      }),
    );
    const all = results.flat();
    expect(all).toHaveLength(1000);
    expect(all.every((r) => [201, 429].includes(r.status))).toBe(true);

    const created = all.filter((r) => r.status === 201 && !r.merged);
    const merged = all.filter((r) => r.status === 201 && r.merged);
    const limited = all.filter((r) => r.status === 429);
    // Every client gets exactly its limit of new ones; repeats come back merged; the rest are refused.
    expect(created).toHaveLength(50 * PER_IP);
    expect(merged.length).toBeGreaterThan(0);
    expect(created.length + merged.length + limited.length).toBe(1000);
    expect(limited[0].message).toMatch(/提交过于频繁，请\d+分钟后再试/);

    // One code per accepted submission, each stored exactly once; every repeat got its original's code.
    const codes = new Set(created.map((r) => r.code));
    expect(codes.size).toBe(created.length);
    const stored = await t.db
      .select({ code: opinions.code, text: opinions.text })
      .from(opinions)
      .where(gt(opinions.id, lastId));
    expect(stored).toHaveLength(created.length);
    const byText = new Map(stored.map((s) => [s.text, s.code]));
    for (const m of merged) expect(m.code).toBe(byText.get(m.text));
    for (const c of created) expect(byText.get(c.text)).toBe(c.code);
  }, 240_000);

  it('limits by phone across addresses', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push(
        (await submit(`198.51.100.${i + 1}`, `同一手机号的第${i}条意见内容`, '13600001234')).status,
      );
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
    const rows = await t.db.select().from(opinions).where(eq(opinions.submitterPhone, '13600001234'));
    expect(rows).toHaveLength(3);
  });
});
