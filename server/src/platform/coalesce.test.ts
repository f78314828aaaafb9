import { describe, expect, it } from 'vitest';
import { coalescerOf, ReadCoalescer } from './coalesce.js';

/** A read whose start and end the test controls: each call records when it started and resolves on demand. */
function controlledReads() {
  const started: number[] = [];
  const finish: ((v: number) => void)[] = [];
  let version = 0;
  const read = () =>
    new Promise<number>((resolve) => {
      started.push(version);
      finish.push(resolve);
    });
  return {
    read,
    started,
    bump: () => ++version,
    /** ends read i with the version it saw when it started */
    end: (i: number) => finish[i]!(started[i]!),
  };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('ReadCoalescer', () => {
  it('runs one read per key at a time and gives later callers the next read, never the running one', async () => {
    const c = new ReadCoalescer();
    const r = controlledReads();
    const a = c.run('k', r.read); // starts read 0 at version 0
    r.bump(); // a write commits while read 0 runs
    const b = c.run('k', r.read); // must not get read 0: it asked after the write
    const d = c.run('k', r.read); // shares b's read
    expect(r.started).toEqual([0]);
    r.end(0);
    expect(await a).toBe(0);
    await tick();
    expect(r.started).toEqual([0, 1]); // read 1 started after read 0 ended, seeing the write
    r.end(1);
    expect(await b).toBe(1);
    expect(await d).toBe(1);
    expect(c.size).toBe(0);
  });

  it('keeps keys apart and passes an error to every caller of that read only', async () => {
    const c = new ReadCoalescer();
    let calls = 0;
    const failing = () => {
      calls++;
      return Promise.reject(new Error('boom'));
    };
    const x = c.run('x', failing);
    const y = c.run('y', async () => 7);
    const x2 = c.run('x', failing);
    await expect(x).rejects.toThrow('boom');
    await expect(x2).rejects.toThrow('boom');
    expect(await y).toBe(7);
    expect(calls).toBe(2);
    expect(await c.run('x', async () => 'fine')).toBe('fine');
  });

  it('serves N concurrent callers with at most two reads', async () => {
    const c = new ReadCoalescer();
    let reads = 0;
    const read = async () => {
      reads++;
      await tick();
      return reads;
    };
    const answers = await Promise.all(Array.from({ length: 50 }, () => c.run('k', read)));
    // the first caller's read starts at once; the other 49 asked while it ran, so they share the next one
    expect(reads).toBe(2);
    expect(answers[0]).toBe(1);
    expect(answers.slice(1).every((a) => a === 2)).toBe(true);
  });

  it('gives each database handle its own coalescer', () => {
    const primary = {};
    const replica = {};
    expect(coalescerOf(primary)).toBe(coalescerOf(primary));
    expect(coalescerOf(primary)).not.toBe(coalescerOf(replica));
  });
});
