/** The 整改台账 export, streamed to a byte counter: rows/s and the peak RSS seen while it runs. */
import { Writable } from 'node:stream';
import type { Db } from '../server/src/db/client.js';
import { writeLedger } from '../server/src/modules/problems/problems.excel.js';
import type { Scope } from './queries.js';

export interface ExportResult {
  name: string;
  rows: number;
  seconds: number;
  rowsPerSec: number;
  bytes: number;
  rssBeforeMb: number;
  peakRssMb: number;
  target?: string;
}

export async function exportBench(db: Db, s: Scope, rows: number): Promise<ExportResult> {
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      bytes += chunk.length;
      cb();
    },
  });
  const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const ctx = { actor: s.actor, requestId: 'bench', ip: '127.0.0.1', locale: 'zh-CN' as const };
  const t0 = performance.now();
  try {
    await writeLedger(db, ctx, sink, { orgId: s.orgId }, 'bench');
  } finally {
    clearInterval(timer);
  }
  const seconds = (performance.now() - t0) / 1000;
  peak = Math.max(peak, process.memoryUsage().rss);
  return {
    name: `Excel export of the ${s.label} ledger`,
    rows,
    seconds,
    rowsPerSec: rows / seconds,
    bytes,
    rssBeforeMb: mb(before),
    peakRssMb: mb(peak),
    target: '≥ 50,000 rows/s, peak RSS ≤ 300 MB',
  };
}
