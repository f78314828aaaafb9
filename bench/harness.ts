/** Timing helpers and the printed table. */
export interface Timing {
  name: string;
  runs: number;
  medianMs: number;
  p95Ms: number;
  /** name of the baseline measured in the same run, and how many times faster than it this is */
  baseline?: string;
  ratio?: number;
  target?: string;
  note?: string;
}

export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
  return sorted[Math.max(0, i)];
}

/** Runs `fn` a few times to warm caches, then `runs` times in sequence. */
export async function time(
  name: string,
  runs: number,
  fn: () => Promise<unknown>,
  warmup = 3,
): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { name, runs, medianMs: quantile(ms, 0.5), p95Ms: quantile(ms, 0.95) };
}

/** Marks `t` with how many times faster its median is than `base`'s. */
export function against(t: Timing, base: Timing): Timing {
  return { ...t, baseline: base.name, ratio: base.medianMs / t.medianMs };
}

const fmt = (n: number | undefined, d = 1) => (n === undefined || Number.isNaN(n) ? '' : n.toFixed(d));

export function printTable(rows: Timing[]): void {
  const head = ['benchmark', 'median ms', 'p95 ms', 'runs', '× vs baseline', 'target', 'note'];
  const body = rows.map((r) => [
    r.name,
    fmt(r.medianMs, 2),
    fmt(r.p95Ms, 2),
    String(r.runs),
    r.ratio === undefined ? '' : `${fmt(r.ratio, 2)}× (${r.baseline})`,
    r.target ?? '',
    r.note ?? '',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  console.log(line(head));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const b of body) console.log(line(b));
}
