/**
 * Shares reads among concurrent callers without ever answering from before the call. A read starts one event-loop
 * turn after its first caller asks (and not before the previous read of its key has ended); everyone who asks until
 * it starts shares it, and whoever asks once it runs waits for the next one. Under load, one database read per key is
 * in flight at a time instead of one per request, and every answer still reflects the data as of some moment after
 * its caller asked (so it is as exact as an uncoalesced read; nothing is cached).
 *
 * The turn matters on the embedded database: a PGlite query runs on this thread and resolves in microtasks, so
 * without it a request's whole chain of reads ends before the next socket's request is even parsed, and nothing is
 * ever shared. Waiting for the check phase lets every request that arrived in the same poll phase join.
 *
 * Keys must name everything the read depends on. Errors go to every caller of that read.
 */
export class ReadCoalescer {
  private readonly running = new Map<string, Promise<unknown>>();
  private readonly waiting = new Map<string, Promise<unknown>>();

  run<T>(key: string, read: () => Promise<T>): Promise<T> {
    const waiting = this.waiting.get(key);
    if (waiting) return waiting as Promise<T>;
    const start = (): Promise<T> => {
      this.waiting.delete(key);
      const p = read();
      this.running.set(key, p);
      const done = () => {
        if (this.running.get(key) === p) this.running.delete(key);
      };
      p.then(done, done);
      return p;
    };
    const running = this.running.get(key);
    const next = (running ? running.then(nextTurn, nextTurn) : nextTurn()).then(start);
    this.waiting.set(key, next);
    return next;
  }

  /** Reads running or waiting to run (for tests). */
  get size(): number {
    return this.running.size + this.waiting.size;
  }
}

/** Resolves in the event loop's check phase, after the I/O callbacks of the current poll phase. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

const perExecutor = new WeakMap<object, ReadCoalescer>();

/** The coalescer of one database handle: reads through different handles (primary, replica) are never shared. */
export function coalescerOf(db: object): ReadCoalescer {
  let c = perExecutor.get(db);
  if (!c) perExecutor.set(db, (c = new ReadCoalescer()));
  return c;
}
