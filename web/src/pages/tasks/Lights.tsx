import { Progress, Space, Tag, Tooltip } from 'antd';
import { LIGHT_COLOR, LIGHT_TEXT, STATUS_TEXT, type Assignment, type Counts } from '../../api/tasks';

export function LightTag({ a }: { a: Pick<Assignment, 'light'> }) {
  return (
    <Tag color={LIGHT_COLOR[a.light]} data-testid={`light-${a.light}`}>
      {LIGHT_TEXT[a.light]}
    </Tag>
  );
}

export function StatusTag({ a }: { a: Pick<Assignment, 'status'> }) {
  const color = a.status === 'accepted' ? 'green' : a.status === 'returned' ? 'volcano' : 'default';
  return <Tag color={color}>{STATUS_TEXT[a.status]}</Tag>;
}

/** A subtree's counts: done share, and how many are red / yellow / blue. */
export function CountsBar({ c }: { c: Counts }) {
  const pct = c.total ? Math.round((c.accepted * 100) / c.total) : 0;
  return (
    <Space size={4} wrap>
      <Tooltip title={`已审结 ${c.accepted} / 共 ${c.total}`}>
        <Progress percent={pct} size="small" style={{ width: 100, margin: 0 }} />
      </Tooltip>
      {c.red > 0 && <Tag color="red">逾期 {c.red}</Tag>}
      {c.yellow > 0 && <Tag color="gold">滞后 {c.yellow}</Tag>}
      {c.blue > 0 && <Tag color="blue">临期 {c.blue}</Tag>}
      {c.issued > 0 && <Tag>待签收 {c.issued}</Tag>}
      {c.completed > 0 && <Tag color="cyan">待审结 {c.completed}</Tag>}
    </Space>
  );
}
