import type { ResearchStatus } from '../../api/study';

export const STATUS_COLOR: Record<ResearchStatus, string> = {
  planned: 'default',
  in_progress: 'processing',
  reported: 'blue',
  converted: 'green',
};
