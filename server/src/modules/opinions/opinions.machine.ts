/**
 * The life of a public opinion as an explicit transition table. Pure: the service gathers the facts and asks
 * here; the same table lists the actions a queue may offer.
 */
export const OPINION_STATES = [
  'submitted',
  'routed',
  'signed',
  'returned',
  'answered',
  'reopened',
  'closed',
] as const;
export type OpinionState = (typeof OPINION_STATES)[number];

export const OPINION_ACTIONS = ['dispatch', 'sign', 'return', 'answer', 'reopen', 'rate', 'close'] as const;
export type OpinionAction = (typeof OPINION_ACTIONS)[number];

export const OPINION_STATE_LABELS: Record<OpinionState, string> = {
  submitted: '待派单',
  routed: '待签收',
  signed: '办理中',
  returned: '已退回待重派',
  answered: '已答复待评价',
  reopened: '不满意重办',
  closed: '已办结',
};

/** Who may take an action: the dispatcher (派单), the unit handling it, or the submitter (by the code). */
export type OpinionRole = 'dispatcher' | 'unit' | 'submitter';

export const ACTION_ROLE: Record<OpinionAction, OpinionRole> = {
  dispatch: 'dispatcher',
  sign: 'unit',
  return: 'unit',
  answer: 'unit',
  reopen: 'submitter',
  rate: 'submitter',
  close: 'dispatcher',
};

/** state → action → next state. Anything not listed is refused. */
export const OPINION_TRANSITIONS: Record<OpinionState, Partial<Record<OpinionAction, OpinionState>>> = {
  submitted: { dispatch: 'routed', close: 'closed' },
  routed: { sign: 'signed', return: 'returned', dispatch: 'routed' },
  signed: { answer: 'answered', return: 'returned' },
  returned: { dispatch: 'routed', close: 'closed' },
  answered: { reopen: 'reopened', rate: 'closed' },
  reopened: { answer: 'answered' },
  closed: {},
};

export interface OpinionFacts {
  /** times it has already been reopened: an unsatisfied rating reopens it once */
  reopenCount: number;
}

/** The next state, or null when the action is not allowed from `state` with these facts. */
export function nextOpinionState(
  state: OpinionState,
  action: OpinionAction,
  facts: OpinionFacts = { reopenCount: 0 },
): OpinionState | null {
  const to = OPINION_TRANSITIONS[state][action];
  if (!to) return null;
  if (action === 'reopen' && facts.reopenCount >= 1) return null;
  return to;
}

export const RATINGS = ['满意', '比较满意', '不太满意', '不满意'] as const;
export type Rating = (typeof RATINGS)[number];
export const isSatisfied = (r: Rating) => r === '满意' || r === '比较满意';

/** A rating becomes an action: unsatisfied reopens the first time, otherwise it closes. */
export function ratingAction(rating: Rating, facts: OpinionFacts): OpinionAction {
  return !isSatisfied(rating) && facts.reopenCount < 1 ? 'reopen' : 'rate';
}

/** States in which the unit still owes work: sign, answer, or answer again. */
export const OPEN_AT_UNIT: readonly OpinionState[] = ['routed', 'signed', 'reopened'];
/** States waiting for the dispatcher. */
export const AT_DISPATCHER: readonly OpinionState[] = ['submitted', 'returned'];
