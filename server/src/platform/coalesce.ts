/**
 * Shares reads among concurrent callers without ever answering from before the call: a caller who asks while a
 * read of the same key is running waits for the next read, which starts when the running one ends and serves
 * everyone who asked meanwhile. Under load, one database read per key is in flight at a time instead of one per
 * request, and every answer still reflects the data as of some moment after its caller asked (so it is as exact
 * as an uncoalesced read; nothing is cached).
 *
 * Keys must name everything the read depends on. Errors go to every caller of that read.
 */
export class ReadCoalescer {
  private readonly running = new Map<string, Promise<unknown>>();
  private readonly queued = new Map<string, Promise<unknown>>();

  run<T>(key: string, read: () => Promise<T>): Promise<T> {
    const queued = this.queued.get(key);
    if (queued) return queued as Promise<T>;
    const start = (): Promise<T> => {
      this.queued.delete(key);
      const p = read();
      this.running.set(key, p);
      const done = () => {
        if (this.running.get(key) === p) this.running.delete(key);
      };
      p.then(done, done);
      return p;
    };
    const running = this.running.get(key);
    if (!running) return start();
    const next = running.then(start, start);
    this.queued.set(key, next);
    return next;
  }

  /** Reads running or waiting to run (for tests). */
  get size(): number {
    return this.running.size + this.queued.size;
  }
}

const perExecutor = new WeakMap<object, ReadCoalescer>();

/** The coalescer of one database handle: reads through different handles (primary, replica) are never shared. */
export function coalescerOf(db: object): ReadCoalescer {
  let c = perExecutor.get(db);
  if (!c) perExecutor.set(db, (c = new ReadCoalescer()));
  return c;
}
