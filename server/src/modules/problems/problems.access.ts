import { inSubtree, can, type Actor } from '../../platform/access/access.js';
import type { ProblemFacts } from './problems.machine.js';

/** Who the caller is to one problem: the authority half of the state machine's facts. */
export interface ProblemParties {
  orgPath: string;
  issuingPath: string;
  ownerUserId: number | null;
  submittedBy: number | null;
  status: string;
}

/** Strictly above: a grant at the problem's own unit is not its superior. */
const above = (grantPath: string, orgPath: string) => orgPath.startsWith(grantPath + '.');

export function authorityFacts(actor: Actor, p: ProblemParties) {
  const isOwner =
    (p.ownerUserId !== null && p.ownerUserId === actor.userId) ||
    (p.status === 'submitted' && p.submittedBy === actor.userId);
  const isAcceptor = actor.grants.some(
    (g) =>
      g.permissions.includes('problem.signoff') &&
      (above(g.path, p.orgPath) || inSubtree(p.issuingPath, g.path)),
  );
  const isSuperior = actor.grants.some(
    (g) => g.permissions.includes('problem.write') && above(g.path, p.orgPath),
  );
  return {
    canWrite: can(actor, 'problem.write', p.orgPath),
    isOwner,
    isIssuer: can(actor, 'problem.write', p.issuingPath),
    isAcceptor,
    isSuperior,
  } satisfies Partial<ProblemFacts>;
}

/** Fields, measures and evidence may change while the problem is not closed, by a writer or the owner. */
export function canEditProblem(actor: Actor, p: ProblemParties): boolean {
  if (p.status === 'signed_off' || p.status === 'cancelled') return false;
  const f = authorityFacts(actor, p);
  return f.canWrite || f.isOwner;
}
