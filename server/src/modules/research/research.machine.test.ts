import { describe, expect, it } from 'vitest';
import { canAddFinding, nextState, RESEARCH_ACTIONS, RESEARCH_STATES } from './research.machine.js';

describe('research topic state machine', () => {
  it('allows exactly the listed transitions', () => {
    const allowed: Record<string, string> = {
      'planned start': 'in_progress',
      'in_progress report': 'reported',
      'reported convert': 'converted',
      'converted convert': 'converted',
    };
    for (const s of RESEARCH_STATES)
      for (const a of RESEARCH_ACTIONS)
        expect(nextState(s, a), `${s} ${a}`).toBe(allowed[`${s} ${a}`] ?? null);
  });

  it('takes findings only while the research runs or after its report', () => {
    expect(RESEARCH_STATES.filter(canAddFinding)).toEqual(['in_progress', 'reported']);
  });
});
