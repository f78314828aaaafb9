/**
 * The problem lifecycle as an explicit transition table plus the rules each action needs. Pure: the service
 * gathers the facts, this module decides. The same function lists the actions the UI may offer.
 */
export const PROBLEM_STATES = [
  'draft',
  'open',
  'in_progress',
  'submitted',
  'signed_off',
  'cancelled',
] as const;
export type ProblemState = (typeof PROBLEM_STATES)[number];

export const PROBLEM_ACTIONS = [
  'open',
  'start',
  'submit',
  'return',
  'sign_off',
  'cancel',
  'request_extension',
  'decide_extension',
] as const;
export type ProblemAction = (typeof PROBLEM_ACTIONS)[number];

export const STATE_LABELS: Record<ProblemState, string> = {
  draft: '草稿',
  open: '待整改',
  in_progress: '整改中',
  submitted: '已完成待验收',
  signed_off: '已销号',
  cancelled: '已撤销',
};

/** state → action → next state. Absent pairs are refused. Extension actions keep the state. */
export const TRANSITIONS: Record<ProblemState, Partial<Record<ProblemAction, ProblemState>>> = {
  draft: { open: 'open', cancel: 'cancelled' },
  open: {
    start: 'in_progress',
    cancel: 'cancelled',
    request_extension: 'open',
    decide_extension: 'open',
  },
  in_progress: {
    submit: 'submitted',
    cancel: 'cancelled',
    request_extension: 'in_progress',
    decide_extension: 'in_progress',
  },
  submitted: { return: 'in_progress', sign_off: 'signed_off', cancel: 'cancelled' },
  signed_off: {},
  cancelled: {},
};

/** What the service knows about the caller and the problem when an action is asked for. */
export interface ProblemFacts {
  /** problem.write over the responsible org */
  canWrite: boolean;
  /** the caller is the problem's owner (责任人 account) or reported its completion */
  isOwner: boolean;
  /** problem.write over the issuing org: the issuing level */
  isIssuer: boolean;
  /** problem.signoff held in a unit above the responsible org, or in the issuing unit */
  isAcceptor: boolean;
  /** problem.write held in a unit above the responsible org */
  isSuperior: boolean;
  measureCount: number;
  allMeasuresDone: boolean;
  hasEvidenceOrResult: boolean;
  /** some measure is lasting (长期坚持): the problem needs a linked rule before sign-off */
  needsRule: boolean;
  hasRule: boolean;
  extensionPending: boolean;
  /** today is on or before the deadline */
  beforeDeadline: boolean;
  /** a reason or comment was given (ignored when listing actions) */
  hasComment: boolean;
}

export interface Refusal {
  code: string;
  status: 400 | 403 | 409;
  field?: string;
}

const refuse = (code: string, status: Refusal['status'], field?: string): Refusal => ({
  code,
  status,
  field,
});

export function nextState(state: ProblemState, action: ProblemAction): ProblemState | undefined {
  return TRANSITIONS[state][action];
}

/** null when allowed; otherwise why not. Order: the table, then authority, then the action's conditions. */
export function checkAction(state: ProblemState, action: ProblemAction, f: ProblemFacts): Refusal | null {
  if (!nextState(state, action)) return refuse('PROBLEM_TRANSITION', 409);
  const writer = f.canWrite || f.isOwner;
  switch (action) {
    case 'open':
      return f.canWrite ? null : refuse('FORBIDDEN', 403);
    case 'start':
      return writer ? null : refuse('FORBIDDEN', 403);
    case 'submit':
      if (!writer) return refuse('FORBIDDEN', 403);
      if (f.measureCount === 0) return refuse('PROBLEM_NO_MEASURES', 400);
      if (!f.allMeasuresDone) return refuse('PROBLEM_MEASURES_OPEN', 400);
      if (!f.hasEvidenceOrResult) return refuse('PROBLEM_NO_EVIDENCE', 400);
      return null;
    case 'return':
      if (!f.isAcceptor) return refuse('FORBIDDEN', 403);
      if (f.isOwner) return refuse('PROBLEM_SELF_SIGNOFF', 403);
      return f.hasComment ? null : refuse('REASON_REQUIRED', 400, 'comment');
    case 'sign_off':
      if (f.isOwner) return refuse('PROBLEM_SELF_SIGNOFF', 403);
      if (!f.isAcceptor) return refuse('FORBIDDEN', 403);
      if (f.measureCount === 0 || !f.allMeasuresDone) return refuse('PROBLEM_MEASURES_OPEN', 400);
      if (!f.hasEvidenceOrResult) return refuse('PROBLEM_NO_EVIDENCE', 400);
      if (f.needsRule && !f.hasRule) return refuse('PROBLEM_NEEDS_RULE', 400);
      return null;
    case 'cancel':
      if (!f.isIssuer) return refuse('FORBIDDEN', 403);
      return f.hasComment ? null : refuse('REASON_REQUIRED', 400, 'comment');
    case 'request_extension':
      if (!writer) return refuse('FORBIDDEN', 403);
      if (f.extensionPending) return refuse('PROBLEM_EXTENSION_PENDING', 409);
      if (!f.beforeDeadline) return refuse('PROBLEM_PAST_DEADLINE', 400);
      return f.hasComment ? null : refuse('REASON_REQUIRED', 400, 'comment');
    case 'decide_extension':
      if (!f.isSuperior) return refuse('FORBIDDEN', 403);
      return f.extensionPending ? null : refuse('PROBLEM_NO_EXTENSION', 409);
  }
}

/** The actions the caller may take now: what the problem page offers. */
export function allowedActions(state: ProblemState, f: ProblemFacts): ProblemAction[] {
  return PROBLEM_ACTIONS.filter((a) => checkAction(state, a, { ...f, hasComment: true }) === null);
}
