import { Progress, Space, Tag, Tooltip } from 'antd';
import { LIGHT_COLOR, type Assignment, type Counts } from '../../api/tasks';
import { useI18n } from '../../i18n';

export function LightTag({ a }: { a: Pick<Assignment, 'light'> }) {
  const { t } = useI18n();
  return (
    <Tag color={LIGHT_COLOR[a.light]} data-testid={`light-${a.light}`}>
      {t(`light.${a.light}`)}
    </Tag>
  );
}

export function StatusTag({ a }: { a: Pick<Assignment, 'status'> }) {
  const { t } = useI18n();
  const color = a.status === 'accepted' ? 'green' : a.status === 'returned' ? 'volcano' : 'default';
  return (
    <Tag color={color} data-testid={`status-${a.status}`}>
      {t(`asgStatus.${a.status}`)}
    </Tag>
  );
}

/** A subtree's counts: done share, and how many are red / yellow / blue. */
export function CountsBar({ c }: { c: Counts }) {
  const { t } = useI18n();
  const pct = c.total ? Math.round((c.accepted * 100) / c.total) : 0;
  return (
    <Space size={4} wrap>
      <Tooltip title={t('counts.tooltip', { accepted: c.accepted, total: c.total })}>
        <Progress percent={pct} size="small" style={{ width: 100, margin: 0 }} />
      </Tooltip>
      {c.red > 0 && <Tag color="red">{t('counts.red', { n: c.red })}</Tag>}
      {c.yellow > 0 && <Tag color="gold">{t('counts.yellow', { n: c.yellow })}</Tag>}
      {c.blue > 0 && <Tag color="blue">{t('counts.blue', { n: c.blue })}</Tag>}
      {c.issued > 0 && <Tag>{t('counts.issued', { n: c.issued })}</Tag>}
      {c.completed > 0 && <Tag color="cyan">{t('counts.completed', { n: c.completed })}</Tag>}
    </Space>
  );
}
