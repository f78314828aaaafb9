import { eq, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { Db, Executor } from '../db/client.js';
import { now } from './clock.js';
import { jobRuns } from './jobs.table.js';

export interface Job {
  name: string;
  /** how often the job is due (measured on the injectable clock) */
  intervalMs: number;
  /** runs inside the job's lease transaction */
  run(tx: Executor): Promise<unknown>;
}

/**
 * A small scheduler. With several instances on one PostgreSQL each job runs once per interval: a run takes the
 * job's row with FOR UPDATE SKIP LOCKED (a busy row is skipped, not waited for) and runs only when the last
 * recorded run is older than the interval, all in one transaction.
 */
export class JobRunner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly jobs: Job[],
    readonly owner: string = randomUUID(),
    private readonly log: (msg: string) => void = () => {},
  ) {}

  start(tickMs = 15_000): void {
    this.timer = setInterval(() => {
      this.running = this.tick().catch((err: unknown) => this.log(`jobs: ${String(err)}`));
    }, tickMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Runs every due job once; returns the names that ran here. */
  async tick(): Promise<string[]> {
    const ran: string[] = [];
    for (const job of this.jobs) if (await this.runJob(job.name)) ran.push(job.name);
    return ran;
  }

  async runJob(name: string): Promise<boolean> {
    const job = this.jobs.find((j) => j.name === name);
    if (!job) throw new Error(`unknown job ${name}`);
    await this.db.insert(jobRuns).values({ name }).onConflictDoNothing();
    try {
      return await this.db.transaction(async (tx) => {
        const [row] = await tx
          .select()
          .from(jobRuns)
          .where(eq(jobRuns.name, name))
          .for('update', { skipLocked: true });
        if (!row) return false;
        const at = now();
        if (row.lastRunAt && at.getTime() - row.lastRunAt.getTime() < job.intervalMs) return false;
        await job.run(tx);
        await tx
          .update(jobRuns)
          .set({ lastRunAt: at, lastOwner: this.owner, lastError: null, runs: sql`${jobRuns.runs} + 1` })
          .where(eq(jobRuns.name, name));
        return true;
      });
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      this.log(`job ${name} failed: ${msg}`);
      await this.db
        .update(jobRuns)
        .set({ lastError: msg.slice(0, 500) })
        .where(eq(jobRuns.name, name));
      return false;
    }
  }
}
