/**
 * The assignment state machine as an explicit table: (state, action) → next state and who may act.
 * Pure: the service asks it before touching the database.
 */
export const ASSIGNMENT_STATES = [
  'issued',
  'acknowledged',
  'in_progress',
  'completed',
  'accepted',
  'returned',
] as const;
export type AssignmentState = (typeof ASSIGNMENT_STATES)[number];

export const ASSIGNMENT_ACTIONS = [
  'acknowledge',
  'decompose',
  'report',
  'complete',
  'accept',
  'return',
  'request_extension',
] as const;
export type AssignmentAction = (typeof ASSIGNMENT_ACTIONS)[number];

/** handler: the assignee unit (task.handle at its org); issuer: the reviewing unit (task.issue at issuer org). */
export type ActorSide = 'handler' | 'issuer';

export const ACTION_SIDE: Record<AssignmentAction, ActorSide> = {
  acknowledge: 'handler',
  decompose: 'handler',
  report: 'handler',
  complete: 'handler',
  accept: 'issuer',
  return: 'issuer',
  request_extension: 'handler',
};

const WORKING: AssignmentState[] = ['acknowledged', 'in_progress', 'returned'];

/** Every allowed transition; anything not listed is refused. */
export const TRANSITIONS: Record<AssignmentAction, Partial<Record<AssignmentState, AssignmentState>>> = {
  acknowledge: { issued: 'acknowledged' },
  decompose: { acknowledged: 'acknowledged', in_progress: 'in_progress', returned: 'returned' },
  report: { acknowledged: 'in_progress', in_progress: 'in_progress', returned: 'in_progress' },
  complete: { acknowledged: 'completed', in_progress: 'completed', returned: 'completed' },
  accept: { completed: 'accepted' },
  return: { completed: 'returned' },
  request_extension: Object.fromEntries(WORKING.map((s) => [s, s])),
};

export function nextState(state: AssignmentState, action: AssignmentAction): AssignmentState | null {
  return TRANSITIONS[action][state] ?? null;
}

export function isAssignmentState(s: string): s is AssignmentState {
  return (ASSIGNMENT_STATES as readonly string[]).includes(s);
}

/** Open states: still counted by lights and the reminder ladder. */
export const OPEN_STATES: AssignmentState[] = ['issued', 'acknowledged', 'in_progress', 'returned'];

/** A decomposed deadline may not be later than the parent's. */
export function childDeadlineOk(parent: Date, child: Date): boolean {
  return child.getTime() <= parent.getTime();
}

/** An assignment with children completes only after all its children are accepted. */
export function canCompleteWithChildren(childStates: AssignmentState[]): boolean {
  return childStates.every((s) => s === 'accepted');
}

export const STATE_LABELS: Record<AssignmentState, string> = {
  issued: '待签收',
  acknowledged: '已签收',
  in_progress: '办理中',
  completed: '已办结待审',
  accepted: '已审结',
  returned: '已退回',
};
