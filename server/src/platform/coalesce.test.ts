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
  it('starts a read a turn after its first caller, shared by everyone who asked before it started', async () => {
    const c = new ReadCoalescer();
    const r = controlledReads();
    const a = c.run('k', r.read);
    r.bump(); // a write commits after a asked, before the read started
    const b = c.run('k', r.read);
    expect(r.started).toEqual([]); // nothing runs before the turn ends
    await tick();
    expect(r.started).toEqual([1]); // one read for both, and it sees the write
    r.end(0);
    expect(await a).toBe(1);
    expect(await b).toBe(1);
    expect(c.size).toBe(0);
  });

  it('gives callers who ask while a read runs the next read, never the running one', async () => {
    const c = new ReadCoalescer();
    const r = controlledReads();
    const a = c.run('k', r.read);
    await tick();
    expect(r.started).toEqual([0]); // read 0 runs
    r.bump(); // a write commits while read 0 runs
    const b = c.run('k', r.read); // must not get read 0: it asked after the write
    const d = c.run('k', r.read); // shares b's read
    await tick();
    expect(r.started).toEqual([0]); // the next read waits for read 0 to end
    r.end(0);
    expect(await a).toBe(0);
    await tick();
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
    expect(calls).toBe(1); // x and x2 asked in one turn: one read, one error for both
    expect(await c.run('x', async () => 'fine')).toBe('fine'); // a failed read is not kept
  });

  it('serves N callers of one turn with one read, and callers while it runs with one more', async () => {
    const c = new ReadCoalescer();
    let reads = 0;
    const read = async () => {
      reads++;
      await tick();
      return reads;
    };
    const first = Array.from({ length: 50 }, () => c.run('k', read));
    await tick(); // the shared read starts
    const later = Array.from({ length: 50 }, () => c.run('k', read));
    const answers = await Promise.all([...first, ...later]);
    expect(reads).toBe(2);
    expect(answers.slice(0, 50).every((a) => a === 1)).toBe(true);
    expect(answers.slice(50).every((a) => a === 2)).toBe(true);
  });

  it('gives each database handle its own coalescer', () => {
    const primary = {};
    const replica = {};
    expect(coalescerOf(primary)).toBe(coalescerOf(primary));
    expect(coalescerOf(primary)).not.toBe(coalescerOf(replica));
  });
});
