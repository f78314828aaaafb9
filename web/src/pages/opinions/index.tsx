import { useEffect, useState } from 'react';
import type { HTMLAttributes } from 'react';
import { Input, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { LIGHT_COLOR, LIGHT_TEXT, opinionApi, type OpinionItem, type UnitStats } from '../../api/opinions';
import { useAuth } from '../../auth/AuthContext';
import { PageCard } from '../../components/PageCard';
import { formatTime, pct } from '../public/format';

const STATUS_OPTIONS = [
  ['submitted', '待派单'],
  ['routed', '待签收'],
  ['signed', '办理中'],
  ['returned', '已退回待重派'],
  ['answered', '已答复待评价'],
  ['reopened', '不满意重办'],
  ['closed', '已办结'],
];

function Queue({ box }: { box: 'dispatch' | 'unit' | 'all' }) {
  const [status, setStatus] = useState<string | undefined>();
  const [q, setQ] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ items: OpinionItem[]; total: number }>({ items: [], total: 0 });
  useEffect(() => {
    opinionApi
      .list({ box, status, q, page, pageSize: 20 })
      .then(setData)
      .catch(() => undefined);
  }, [box, status, q, page]);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Input.Search
          allowClear
          placeholder="查询码或内容"
          style={{ width: 220 }}
          onSearch={(v) => (setQ(v.trim() || undefined), setPage(1))}
          data-testid={`opinion-search-${box}`}
        />
        <Select
          allowClear
          placeholder="状态"
          style={{ width: 180 }}
          value={status}
          onChange={(v: string | undefined) => (setStatus(v), setPage(1))}
          options={STATUS_OPTIONS.map(([value, label]) => ({ value, label }))}
        />
      </Space>
      <Table<OpinionItem>
        rowKey="id"
        size="small"
        dataSource={data.items}
        scroll={{ x: 900 }}
        pagination={{ current: page, total: data.total, pageSize: 20, onChange: setPage }}
        columns={[
          {
            title: '灯',
            dataIndex: 'light',
            width: 90,
            render: (l: OpinionItem['light']) => <Tag color={LIGHT_COLOR[l]}>{LIGHT_TEXT[l]}</Tag>,
          },
          {
            title: '查询码',
            dataIndex: 'code',
            width: 120,
            render: (c: string, r) => <Link to={`/opinions/${r.id}`}>{c}</Link>,
          },
          { title: '类别', dataIndex: 'category', width: 70 },
          {
            title: '内容',
            dataIndex: 'text',
            render: (t: string) => (
              <Typography.Text ellipsis={{ tooltip: t }} style={{ maxWidth: 320 }}>
                {t}
              </Typography.Text>
            ),
          },
          { title: '承办单位', dataIndex: 'orgName', render: (n: string | null) => n ?? '—' },
          {
            title: '状态',
            dataIndex: 'statusLabel',
            render: (s: string, r) => (
              <>
                {s}
                {r.reopenCount > 0 && <Tag color="volcano">重办</Tag>}
                {r.unreasonable && <Tag>不合理诉求</Tag>}
                {r.hidden && <Tag>已隐藏</Tag>}
              </>
            ),
          },
          { title: '签收期限', dataIndex: 'signDeadline', render: formatTime },
          { title: '答复期限', dataIndex: 'answerDeadline', render: formatTime },
        ]}
      />
    </Space>
  );
}

function StatsTable() {
  const [rows, setRows] = useState<UnitStats[]>([]);
  useEffect(() => {
    opinionApi
      .stats()
      .then(setRows)
      .catch(() => undefined);
  }, []);
  return (
    <Table<UnitStats>
      rowKey="orgId"
      size="small"
      pagination={false}
      scroll={{ x: 960 }}
      dataSource={rows}
      onRow={(r) => ({ 'data-testid': `stats-${r.orgName}` }) as HTMLAttributes<HTMLElement>}
      columns={[
        { title: '单位', dataIndex: 'orgName', fixed: 'left', width: 120 },
        { title: '受理', dataIndex: 'received' },
        { title: '按时签收', dataIndex: 'signedOnTime' },
        { title: '已答复', dataIndex: 'answered' },
        { title: '已解决', dataIndex: 'resolved' },
        { title: '已评价', dataIndex: 'rated' },
        { title: '满意', dataIndex: 'satisfied' },
        { title: '超期', dataIndex: 'overdue' },
        { title: '不计入', dataIndex: 'excluded' },
        { title: '响应率', dataIndex: 'responseRate', render: pct },
        { title: '解决率', dataIndex: 'resolutionRate', render: pct },
        { title: '满意率', dataIndex: 'satisfactionRate', render: pct },
      ]}
    />
  );
}

/** The dispatcher's queue, each unit's inbox with time limits and lights, and the fair statistics. */
export default function OpinionsPage() {
  const { can } = useAuth();
  const items = [
    ...(can('opinion.dispatch')
      ? [{ key: 'dispatch', label: '派单队列', children: <Queue box="dispatch" /> }]
      : []),
    { key: 'unit', label: '本单位待办', children: <Queue box="unit" /> },
    { key: 'all', label: '全部', children: <Queue box="all" /> },
    { key: 'stats', label: '统计', children: <StatsTable /> },
  ];
  return (
    <PageCard title="群众意见建议">
      <Tabs items={items} />
    </PageCard>
  );
}
