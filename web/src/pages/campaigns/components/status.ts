import type { MessageKey } from '../../../i18n';

export const statusColor = (s: string) => (s === 'active' ? 'red' : s === 'closed' ? 'default' : 'blue');

const KEYS: Record<string, MessageKey> = {
  active: 'campaign.status.active',
  closed: 'campaign.status.closed',
  draft: 'campaign.status.draft',
};

export const statusText = (s: string, t: (k: MessageKey) => string) => (KEYS[s] ? t(KEYS[s]) : s);
