import { describe, expect, it } from 'vitest';
import {
  allowedActions,
  checkAction,
  PROBLEM_ACTIONS,
  PROBLEM_STATES,
  TRANSITIONS,
  type ProblemAction,
  type ProblemFacts,
  type ProblemState,
} from './problems.machine.js';

/** Everything in place: every action the table allows passes. */
const all: ProblemFacts = {
  canWrite: true,
  isOwner: false,
  isIssuer: true,
  isAcceptor: true,
  isSuperior: true,
  measureCount: 2,
  allMeasuresDone: true,
  hasEvidenceOrResult: true,
  needsRule: true,
  hasRule: true,
  extensionPending: false,
  beforeDeadline: true,
  hasComment: true,
};

const expected: Record<ProblemState, Partial<Record<ProblemAction, ProblemState>>> = {
  draft: { open: 'open', cancel: 'cancelled' },
  open: { start: 'in_progress', cancel: 'cancelled', request_extension: 'open' },
  in_progress: { submit: 'submitted', cancel: 'cancelled', request_extension: 'in_progress' },
  submitted: { return: 'in_progress', sign_off: 'signed_off', cancel: 'cancelled' },
  signed_off: {},
  cancelled: {},
};

describe('transition table', () => {
  for (const state of PROBLEM_STATES) {
    for (const action of PROBLEM_ACTIONS) {
      const facts = action === 'decide_extension' ? { ...all, extensionPending: true } : all;
      const to =
        expected[state][action] ?? (action === 'decide_extension' ? TRANSITIONS[state][action] : undefined);
      it(`${state} + ${action} → ${to ?? 'refused'}`, () => {
        const r = checkAction(state, action, facts);
        if (to) {
          expect(r).toBeNull();
          expect(TRANSITIONS[state][action]).toBe(to);
        } else {
          expect(r?.code).toBe('PROBLEM_TRANSITION');
          expect(r?.status).toBe(409);
        }
      });
    }
  }
  it('ends in signed_off and cancelled', () => {
    expect(allowedActions('signed_off', all)).toEqual([]);
    expect(allowedActions('cancelled', all)).toEqual([]);
  });
});

describe('authority and conditions', () => {
  const code = (s: ProblemState, a: ProblemAction, f: Partial<ProblemFacts>) =>
    checkAction(s, a, { ...all, ...f })?.code ?? 'ok';

  it('open needs write permission; the owner alone cannot open a draft', () => {
    expect(code('draft', 'open', { canWrite: false, isOwner: true })).toBe('FORBIDDEN');
  });
  it('the owner may start and submit without write permission', () => {
    expect(code('open', 'start', { canWrite: false, isOwner: true })).toBe('ok');
    expect(code('in_progress', 'submit', { canWrite: false, isOwner: true })).toBe('ok');
    expect(code('open', 'start', { canWrite: false })).toBe('FORBIDDEN');
  });
  it('submit needs measures, all done, and evidence or a written result', () => {
    expect(code('in_progress', 'submit', { measureCount: 0 })).toBe('PROBLEM_NO_MEASURES');
    expect(code('in_progress', 'submit', { allMeasuresDone: false })).toBe('PROBLEM_MEASURES_OPEN');
    expect(code('in_progress', 'submit', { hasEvidenceOrResult: false })).toBe('PROBLEM_NO_EVIDENCE');
  });
  it('sign-off: never by the owner, only by an acceptor, all done, evidence, a rule when lasting', () => {
    expect(code('submitted', 'sign_off', { isOwner: true })).toBe('PROBLEM_SELF_SIGNOFF');
    expect(code('submitted', 'sign_off', { isAcceptor: false })).toBe('FORBIDDEN');
    expect(code('submitted', 'sign_off', { allMeasuresDone: false })).toBe('PROBLEM_MEASURES_OPEN');
    expect(code('submitted', 'sign_off', { hasEvidenceOrResult: false })).toBe('PROBLEM_NO_EVIDENCE');
    expect(code('submitted', 'sign_off', { hasRule: false })).toBe('PROBLEM_NEEDS_RULE');
    expect(code('submitted', 'sign_off', { hasRule: false, needsRule: false })).toBe('ok');
  });
  it('return needs an acceptor and a reason', () => {
    expect(code('submitted', 'return', { hasComment: false })).toBe('REASON_REQUIRED');
    expect(code('submitted', 'return', { isAcceptor: false })).toBe('FORBIDDEN');
    expect(code('submitted', 'return', { isOwner: true })).toBe('PROBLEM_SELF_SIGNOFF');
  });
  it('cancel only by the issuing level, with a reason', () => {
    for (const s of ['draft', 'open', 'in_progress', 'submitted'] as const) {
      expect(code(s, 'cancel', { isIssuer: false })).toBe('FORBIDDEN');
      expect(code(s, 'cancel', { hasComment: false })).toBe('REASON_REQUIRED');
    }
  });
  it('extension: requested before the deadline, one at a time, decided by the superior', () => {
    expect(code('open', 'request_extension', { beforeDeadline: false })).toBe('PROBLEM_PAST_DEADLINE');
    expect(code('open', 'request_extension', { extensionPending: true })).toBe('PROBLEM_EXTENSION_PENDING');
    expect(code('in_progress', 'request_extension', { hasComment: false })).toBe('REASON_REQUIRED');
    expect(code('open', 'decide_extension', {})).toBe('PROBLEM_NO_EXTENSION');
    expect(code('open', 'decide_extension', { extensionPending: true, isSuperior: false })).toBe('FORBIDDEN');
    expect(code('in_progress', 'decide_extension', { extensionPending: true })).toBe('ok');
  });
  it('lists exactly the allowed actions', () => {
    const member = { ...all, canWrite: false, isIssuer: false, isAcceptor: false, isSuperior: false };
    expect(allowedActions('open', { ...member, isOwner: true })).toEqual(['start', 'request_extension']);
    expect(allowedActions('submitted', { ...all, isOwner: true })).toEqual(['cancel']);
    expect(allowedActions('submitted', all)).toEqual(['return', 'sign_off', 'cancel']);
  });
});
