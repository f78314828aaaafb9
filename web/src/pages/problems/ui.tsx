import { Tag } from 'antd';
import {
  LIGHT_COLOR,
  LIGHT_LABEL,
  STATUS_LABEL,
  type ProblemLight,
  type ProblemStatus,
} from '../../api/problems';
import { useI18n } from '../../i18n';

export function ProblemLightTag({ light }: { light: ProblemLight }) {
  const { t } = useI18n();
  if (light === 'none') return <span>—</span>;
  return (
    <Tag color={LIGHT_COLOR[light]} data-testid={`light-${light}`}>
      {t(LIGHT_LABEL[light])}
    </Tag>
  );
}

const STATUS_COLOR: Record<ProblemStatus, string> = {
  draft: 'default',
  open: 'orange',
  in_progress: 'processing',
  submitted: 'cyan',
  signed_off: 'success',
  cancelled: 'default',
};

export function ProblemStatusTag({ status }: { status: ProblemStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={STATUS_COLOR[status]} data-testid="problem-status">
      {t(STATUS_LABEL[status])}
    </Tag>
  );
}

export const pct = (n: number) => `${Math.round(n * 1000) / 10}%`;
