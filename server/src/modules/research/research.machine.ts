/** A research topic's life: planned → in_progress → reported → converted. */
export const RESEARCH_STATES = ['planned', 'in_progress', 'reported', 'converted'] as const;
export type ResearchState = (typeof RESEARCH_STATES)[number];

export const RESEARCH_ACTIONS = ['start', 'report', 'convert'] as const;
export type ResearchAction = (typeof RESEARCH_ACTIONS)[number];

/** The allowed transitions, as data. `convert` happens when the first finding is converted. */
export const RESEARCH_TRANSITIONS: Record<ResearchAction, { from: ResearchState[]; to: ResearchState }> = {
  start: { from: ['planned'], to: 'in_progress' },
  report: { from: ['in_progress'], to: 'reported' },
  convert: { from: ['reported', 'converted'], to: 'converted' },
};

/** The state after `action`, or null when the action is not allowed from `state`. */
export function nextState(state: ResearchState, action: ResearchAction): ResearchState | null {
  const t = RESEARCH_TRANSITIONS[action];
  return t.from.includes(state) ? t.to : null;
}

/** Findings are written while the research runs and until it is reported; conversions follow the report. */
export const canAddFinding = (s: ResearchState) => s === 'in_progress' || s === 'reported';

export const RESEARCH_STATE_NAMES: Record<ResearchState, string> = {
  planned: '已立项',
  in_progress: '调研中',
  reported: '已形成报告',
  converted: '已转化',
};
