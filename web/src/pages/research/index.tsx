import { useCallback, useEffect, useState } from 'react';
import { Button, Card, Select, Table, Tag } from 'antd';
import { useNavigate, useParams } from 'react-router-dom';
import {
  RESEARCH_STATUSES,
  researchApi,
  type ResearchDetail,
  type ResearchStatus,
  type ResearchTopic,
} from '../../api/study';
import { useAuth } from '../../auth/AuthContext';
import { useCurrentCampaign } from '../../components/CurrentCampaign';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';
import { STATUS_COLOR } from './status';
import { TopicDrawer } from './TopicDrawer';
import { TopicForm } from './TopicForm';

/** 调查研究: the research topics of the caller's subtree, by key direction and status. */
export default function ResearchPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const { campaignId } = useCurrentCampaign();
  const showError = useApiError();
  const navigate = useNavigate();
  const openId = Number(useParams().id) || null;
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState<ResearchStatus | undefined>();
  const [data, setData] = useState<{ items: ResearchTopic[]; total: number }>({ items: [], total: 0 });
  const [detail, setDetail] = useState<ResearchDetail | null>(null);
  const [creating, setCreating] = useState(false);

  const load = useCallback(() => {
    researchApi.list({ page, pageSize: 20, campaignId, status }).then(setData, showError);
  }, [page, campaignId, status, showError]);
  useEffect(load, [load]);
  useEffect(() => {
    if (openId) researchApi.get(openId).then(setDetail, showError);
    else setDetail(null);
  }, [openId, showError]);

  return (
    <Card
      variant="borderless"
      title={t('research.title')}
      extra={
        can('research.manage') && (
          <Button type="primary" onClick={() => setCreating(true)} data-testid="research-new">
            {t('research.new')}
          </Button>
        )
      }
    >
      <Select
        allowClear
        style={{ width: 180, marginBottom: 12 }}
        placeholder={t('research.status')}
        value={status}
        onChange={(v) => {
          setStatus(v);
          setPage(1);
        }}
        options={RESEARCH_STATUSES.map((s) => ({ value: s, label: t(`research.status.${s}`) }))}
      />
      <Table<ResearchTopic>
        rowKey="id"
        dataSource={data.items}
        pagination={{
          current: page,
          total: data.total,
          pageSize: 20,
          onChange: setPage,
          showSizeChanger: false,
        }}
        onRow={(r) => ({ onClick: () => navigate(`/research/${r.id}`), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('research.name'), dataIndex: 'title' },
          {
            title: t('research.direction'),
            dataIndex: 'directionTitle',
            width: 200,
            render: (v: string | null) => v ?? '—',
          },
          { title: t('research.org'), dataIndex: 'orgName', width: 200 },
          {
            title: t('research.lead'),
            dataIndex: 'leadName',
            width: 100,
            render: (v: string | null) => v ?? '—',
          },
          {
            title: t('research.status'),
            dataIndex: 'status',
            width: 120,
            render: (v: ResearchStatus) => <Tag color={STATUS_COLOR[v]}>{t(`research.status.${v}`)}</Tag>,
          },
          {
            title: t('research.findingCount'),
            key: 'f',
            width: 120,
            render: (_, r) => `${r.findingCount} / ${r.convertedCount}`,
          },
        ]}
      />
      <TopicDrawer
        detail={detail}
        onChange={(d) => {
          setDetail(d);
          load();
        }}
        onClose={() => navigate('/research')}
      />
      {creating && (
        <TopicForm
          onClose={() => setCreating(false)}
          onCreated={(d) => {
            setCreating(false);
            load();
            navigate(`/research/${d.id}`);
          }}
        />
      )}
    </Card>
  );
}
