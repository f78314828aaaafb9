import type { Translate } from '../../i18n';

/** The opinion states, in the order of the status filter; their labels are `opinions.status.<state>`. */
export const OPINION_STATES = [
  'submitted',
  'routed',
  'signed',
  'returned',
  'answered',
  'reopened',
  'closed',
] as const;
type OpinionState = (typeof OPINION_STATES)[number];

/** The localized label of a state; a state this client does not know keeps the server's (zh-CN) label. */
export function statusText(t: Translate, status: string, serverLabel: string): string {
  return (OPINION_STATES as readonly string[]).includes(status)
    ? t(`opinions.status.${status as OpinionState}`)
    : serverLabel;
}
