import { useEffect, useState } from 'react';
import type { HTMLAttributes } from 'react';
import { Input, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { LIGHT_COLOR, opinionApi, type OpinionItem, type UnitStats } from '../../api/opinions';
import { useAuth } from '../../auth/AuthContext';
import { PageCard } from '../../components/PageCard';
import { useI18n } from '../../i18n';
import { pct } from '../public/format';
import { OPINION_STATES, categoryText, statusText, useOpinionTime } from './labels';

function Queue({ box }: { box: 'dispatch' | 'unit' | 'all' }) {
  const { t } = useI18n();
  const formatTime = useOpinionTime();
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
          placeholder={t('opinions.search')}
          style={{ width: 220 }}
          onSearch={(v) => (setQ(v.trim() || undefined), setPage(1))}
          data-testid={`opinion-search-${box}`}
        />
        <Select
          allowClear
          placeholder={t('opinions.status')}
          style={{ width: 180 }}
          value={status}
          onChange={(v: string | undefined) => (setStatus(v), setPage(1))}
          options={OPINION_STATES.map((value) => ({ value, label: t(`opinions.status.${value}`) }))}
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
            title: t('opinions.light'),
            dataIndex: 'light',
            width: 90,
            render: (l: OpinionItem['light']) => <Tag color={LIGHT_COLOR[l]}>{t(`opinions.light.${l}`)}</Tag>,
          },
          {
            title: t('opinions.code'),
            dataIndex: 'code',
            width: 120,
            render: (c: string, r) => <Link to={`/opinions/${r.id}`}>{c}</Link>,
          },
          {
            title: t('opinions.category'),
            dataIndex: 'category',
            width: 70,
            render: (c: string) => categoryText(t, c),
          },
          {
            title: t('opinions.text'),
            dataIndex: 'text',
            render: (text: string) => (
              <Typography.Text ellipsis={{ tooltip: text }} style={{ maxWidth: 320 }}>
                {text}
              </Typography.Text>
            ),
          },
          { title: t('opinions.org'), dataIndex: 'orgName', render: (n: string | null) => n ?? '—' },
          {
            title: t('opinions.status'),
            dataIndex: 'statusLabel',
            render: (s: string, r) => (
              <>
                {statusText(t, r.status, s)}
                {r.reopenCount > 0 && <Tag color="volcano">{t('opinions.tag.reopened')}</Tag>}
                {r.unreasonable && <Tag>{t('opinions.tag.unreasonable')}</Tag>}
                {r.hidden && <Tag>{t('opinions.tag.hidden')}</Tag>}
              </>
            ),
          },
          { title: t('opinions.signDeadline'), dataIndex: 'signDeadline', render: formatTime },
          { title: t('opinions.answerDeadline'), dataIndex: 'answerDeadline', render: formatTime },
        ]}
      />
    </Space>
  );
}

const STATS_COLUMNS = [
  'received',
  'signedOnTime',
  'answered',
  'resolved',
  'rated',
  'satisfied',
  'overdue',
  'excluded',
] as const;
const RATE_COLUMNS = ['responseRate', 'resolutionRate', 'satisfactionRate'] as const;

function StatsTable() {
  const { t } = useI18n();
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
        { title: t('opinions.stats.org'), dataIndex: 'orgName', fixed: 'left', width: 120 },
        ...STATS_COLUMNS.map((k) => ({ title: t(`opinions.stats.${k}`), dataIndex: k })),
        ...RATE_COLUMNS.map((k) => ({ title: t(`opinions.stats.${k}`), dataIndex: k, render: pct })),
      ]}
    />
  );
}

/** The dispatcher's queue, each unit's inbox with time limits and lights, and the fair statistics. */
export default function OpinionsPage() {
  const { can } = useAuth();
  const { t } = useI18n();
  const items = [
    ...(can('opinion.dispatch')
      ? [{ key: 'dispatch', label: t('opinions.tab.dispatch'), children: <Queue box="dispatch" /> }]
      : []),
    { key: 'unit', label: t('opinions.tab.unit'), children: <Queue box="unit" /> },
    { key: 'all', label: t('opinions.tab.all'), children: <Queue box="all" /> },
    { key: 'stats', label: t('opinions.tab.stats'), children: <StatsTable /> },
  ];
  return (
    <PageCard title={t('opinions.title')}>
      <Tabs items={items} />
    </PageCard>
  );
}
