import { describe, expect, it } from 'vitest';
import {
  OPINION_ACTIONS,
  OPINION_STATES,
  OPINION_TRANSITIONS,
  nextOpinionState,
  ratingAction,
  RATINGS,
  type OpinionState,
} from './opinions.machine.js';

/** The whole table, written out once more by hand: a change to the machine must change this test. */
const EXPECTED: Record<string, OpinionState> = {
  'submitted dispatch': 'routed',
  'submitted close': 'closed',
  'routed sign': 'signed',
  'routed return': 'returned',
  'routed dispatch': 'routed',
  'signed answer': 'answered',
  'signed return': 'returned',
  'returned dispatch': 'routed',
  'returned close': 'closed',
  'answered reopen': 'reopened',
  'answered rate': 'closed',
  'reopened answer': 'answered',
};

describe('opinion state machine', () => {
  it('allows exactly the listed transitions, for every state × action', () => {
    let allowed = 0;
    for (const s of OPINION_STATES) {
      for (const a of OPINION_ACTIONS) {
        const got = nextOpinionState(s, a, { reopenCount: 0 });
        expect(got, `${s} ${a}`).toBe(EXPECTED[`${s} ${a}`] ?? null);
        if (got) allowed++;
      }
    }
    expect(allowed).toBe(Object.keys(EXPECTED).length);
  });

  it('reopens only once', () => {
    expect(nextOpinionState('answered', 'reopen', { reopenCount: 0 })).toBe('reopened');
    expect(nextOpinionState('answered', 'reopen', { reopenCount: 1 })).toBeNull();
    expect(nextOpinionState('answered', 'rate', { reopenCount: 1 })).toBe('closed');
  });

  it('closed is final', () => {
    for (const a of OPINION_ACTIONS) expect(nextOpinionState('closed', a)).toBeNull();
    expect(Object.keys(OPINION_TRANSITIONS.closed)).toHaveLength(0);
  });

  it('turns ratings into actions: unsatisfied reopens the first time only', () => {
    const first = RATINGS.map((r) => ratingAction(r, { reopenCount: 0 }));
    expect(first).toEqual(['rate', 'rate', 'reopen', 'reopen']);
    const second = RATINGS.map((r) => ratingAction(r, { reopenCount: 1 }));
    expect(second).toEqual(['rate', 'rate', 'rate', 'rate']);
  });

  it('every state is reachable from submitted and every path can end closed', () => {
    const reach = new Set<OpinionState>(['submitted']);
    for (let i = 0; i < OPINION_STATES.length; i++)
      for (const s of [...reach])
        for (const to of Object.values(OPINION_TRANSITIONS[s])) if (to) reach.add(to);
    expect([...reach].sort()).toEqual([...OPINION_STATES].sort());
  });
});
