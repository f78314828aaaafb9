import { describe, expect, it } from 'vitest';
import {
  ACTION_SIDE,
  ASSIGNMENT_ACTIONS,
  ASSIGNMENT_STATES,
  canCompleteWithChildren,
  childDeadlineOk,
  nextState,
  type AssignmentAction,
  type AssignmentState,
} from './assignment.machine.js';

/** The expected table written out by hand: every (state, action) pair, so a change to the machine shows here. */
const EXPECTED: Record<AssignmentState, Record<AssignmentAction, AssignmentState | null>> = {
  issued: {
    acknowledge: 'acknowledged',
    decompose: null,
    report: null,
    complete: null,
    accept: null,
    return: null,
    request_extension: null,
  },
  acknowledged: {
    acknowledge: null,
    decompose: 'acknowledged',
    report: 'in_progress',
    complete: 'completed',
    accept: null,
    return: null,
    request_extension: 'acknowledged',
  },
  in_progress: {
    acknowledge: null,
    decompose: 'in_progress',
    report: 'in_progress',
    complete: 'completed',
    accept: null,
    return: null,
    request_extension: 'in_progress',
  },
  completed: {
    acknowledge: null,
    decompose: null,
    report: null,
    complete: null,
    accept: 'accepted',
    return: 'returned',
    request_extension: null,
  },
  accepted: {
    acknowledge: null,
    decompose: null,
    report: null,
    complete: null,
    accept: null,
    return: null,
    request_extension: null,
  },
  returned: {
    acknowledge: null,
    decompose: 'returned',
    report: 'in_progress',
    complete: 'completed',
    accept: null,
    return: null,
    request_extension: 'returned',
  },
};

describe('assignment state machine', () => {
  for (const state of ASSIGNMENT_STATES) {
    for (const action of ASSIGNMENT_ACTIONS) {
      const want = EXPECTED[state][action];
      it(`${state} --${action}--> ${want ?? 'refused'}`, () => {
        expect(nextState(state, action)).toBe(want);
      });
    }
  }

  it('accepted is final', () => {
    expect(ASSIGNMENT_ACTIONS.map((a) => nextState('accepted', a)).every((s) => s === null)).toBe(true);
  });

  it('only the issuer reviews', () => {
    const issuer = ASSIGNMENT_ACTIONS.filter((a) => ACTION_SIDE[a] === 'issuer');
    expect(issuer.sort()).toEqual(['accept', 'return']);
  });

  it('a child deadline may equal but not exceed the parent deadline', () => {
    const parent = new Date('2023-10-31T15:59:59Z');
    expect(childDeadlineOk(parent, parent)).toBe(true);
    expect(childDeadlineOk(parent, new Date('2023-10-30T00:00:00Z'))).toBe(true);
    expect(childDeadlineOk(parent, new Date('2023-10-31T16:00:00Z'))).toBe(false);
  });

  it('a parent completes only when every child is accepted', () => {
    expect(canCompleteWithChildren([])).toBe(true);
    expect(canCompleteWithChildren(['accepted', 'accepted'])).toBe(true);
    expect(canCompleteWithChildren(['accepted', 'completed'])).toBe(false);
    expect(canCompleteWithChildren(['returned'])).toBe(false);
  });
});
