/**
 * What other modules may read from the pre-aggregated roll-ups (the counter tables are this module's own):
 * a subtree's problems by status and light, and its open problems by deadline range.
 */
export { DATED_STATUSES, deadlineCount, problemCounts, type ProblemCounts } from './rollup.repo.js';
