/** The one clock of the server: jobs, lights and deadlines read time here so tests can move it. */
let offsetMs = 0;
let fixed: Date | null = null;

export function now(): Date {
  return fixed ? new Date(fixed.getTime()) : new Date(Date.now() + offsetMs);
}

/** Tests: pin the clock to an instant (null releases it). */
export function setNow(at: Date | null): void {
  fixed = at;
}

/** Tests: move the clock by a number of days (relative to the pinned or real time). */
export function advanceDays(days: number): void {
  const ms = days * 86_400_000;
  if (fixed) fixed = new Date(fixed.getTime() + ms);
  else offsetMs += ms;
}

export function resetClock(): void {
  fixed = null;
  offsetMs = 0;
}
