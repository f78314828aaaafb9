import { useCallback } from 'react';
import { useI18n, type MessageKey, type Translate } from '../../i18n';
import { formatTime } from '../public/format';

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

/** The stored categories (the server keeps the zh-CN word itself) and their label keys. */
const CATEGORY_KEY: Record<string, MessageKey> = {
  意见: 'opinions.cat.opinion',
  建议: 'opinions.cat.suggestion',
  投诉: 'opinions.cat.complaint',
  求助: 'opinions.cat.help',
  咨询: 'opinions.cat.inquiry',
  表扬: 'opinions.cat.praise',
};

/** The localized label of a stored category; an unknown one is shown as stored. */
export function categoryText(t: Translate, category: string): string {
  const key = CATEGORY_KEY[category];
  return key ? t(key) : category;
}

/** Times on the staff pages: zh-CN exactly as the portal shows them (2023年10月31日 14:05), en-US through Intl. */
export function useOpinionTime(): (iso: string | null | undefined) => string {
  const { locale, fmtDateTime } = useI18n();
  return useCallback(
    (iso) => (locale === 'zh-CN' || !iso ? formatTime(iso) : fmtDateTime(iso)),
    [locale, fmtDateTime],
  );
}
