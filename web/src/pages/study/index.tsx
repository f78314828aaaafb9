import { useCallback, useEffect, useState } from 'react';
import { Button, Card, Descriptions, Drawer, Table, Tabs, Tag } from 'antd';
import { useNavigate, useParams } from 'react-router-dom';
import { studyApi, type StudySession, type StudySessionDetail } from '../../api/study';
import { useAuth } from '../../auth/AuthContext';
import { useCurrentCampaign } from '../../components/CurrentCampaign';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';
import { Rates } from './Rates';
import { SessionForm } from './SessionForm';

const STATUS_COLOR = { present: 'green', leave: 'blue', absent: 'red' } as const;

/** 理论学习: the sessions of the caller's subtree with attendance counts, and attendance per unit. */
export default function StudyPage() {
  const { t, fmtDate } = useI18n();
  const { can } = useAuth();
  const { campaignId } = useCurrentCampaign();
  const showError = useApiError();
  const navigate = useNavigate();
  const openId = Number(useParams().id) || null;
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ items: StudySession[]; total: number }>({ items: [], total: 0 });
  const [detail, setDetail] = useState<StudySessionDetail | null>(null);
  const [editing, setEditing] = useState<StudySessionDetail | 'new' | null>(null);

  const load = useCallback(() => {
    studyApi.list({ page, pageSize: 20, campaignId }).then(setData, showError);
  }, [page, campaignId, showError]);
  useEffect(load, [load]);
  useEffect(() => {
    if (openId) studyApi.get(openId).then(setDetail, showError);
    else setDetail(null);
  }, [openId, showError]);

  const sessions = (
    <Table<StudySession>
      rowKey="id"
      dataSource={data.items}
      pagination={{
        current: page,
        total: data.total,
        pageSize: 20,
        onChange: setPage,
        showSizeChanger: false,
      }}
      onRow={(r) => ({ onClick: () => navigate(`/study/${r.id}`), style: { cursor: 'pointer' } })}
      columns={[
        { title: t('study.heldOn'), dataIndex: 'heldOn', width: 140, render: (v: string) => fmtDate(v) },
        { title: t('study.name'), dataIndex: 'title' },
        {
          title: t('study.kind'),
          dataIndex: 'kind',
          width: 110,
          render: (v: StudySession['kind']) => t(`study.kind.${v}`),
        },
        { title: t('study.org'), dataIndex: 'orgName', width: 220 },
        {
          title: t('study.attendance'),
          key: 'counts',
          width: 220,
          render: (_, r) => t('study.counts', r.counts),
        },
      ]}
    />
  );

  return (
    <Card
      variant="borderless"
      title={t('study.title')}
      extra={
        can('study.record') && (
          <Button type="primary" onClick={() => setEditing('new')} data-testid="study-new">
            {t('study.new')}
          </Button>
        )
      }
    >
      <Tabs
        items={[
          { key: 'sessions', label: t('study.sessions'), children: sessions },
          { key: 'rates', label: t('study.rates'), children: <Rates /> },
        ]}
      />
      <Drawer
        open={Boolean(detail)}
        size="large"
        title={detail?.title}
        onClose={() => navigate('/study')}
        extra={detail?.canRecord && <Button onClick={() => setEditing(detail)}>{t('study.edit')}</Button>}
      >
        {detail && (
          <>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('study.heldOn')}>{fmtDate(detail.heldOn)}</Descriptions.Item>
              <Descriptions.Item label={t('study.kind')}>{t(`study.kind.${detail.kind}`)}</Descriptions.Item>
              <Descriptions.Item label={t('study.org')}>{detail.orgName}</Descriptions.Item>
              <Descriptions.Item label={t('study.place')}>{detail.place || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('study.organizer')}>{detail.organizer || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('study.summary')}>
                <span style={{ whiteSpace: 'pre-wrap' }}>{detail.summary || '—'}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('study.attendance')}>
                {t('study.counts', detail.counts)}
              </Descriptions.Item>
            </Descriptions>
            <Table
              rowKey="personId"
              size="small"
              pagination={false}
              dataSource={detail.attendance}
              columns={[
                { title: t('study.member'), dataIndex: 'name' },
                {
                  title: t('study.attendance'),
                  dataIndex: 'status',
                  render: (v: keyof typeof STATUS_COLOR) => (
                    <Tag color={STATUS_COLOR[v]}>{t(`study.status.${v}`)}</Tag>
                  ),
                },
                { title: t('study.reason'), dataIndex: 'reason' },
              ]}
            />
          </>
        )}
      </Drawer>
      {editing && (
        <SessionForm
          session={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(null)}
          onSaved={(s) => {
            setEditing(null);
            setDetail(s);
            load();
            navigate(`/study/${s.id}`);
          }}
        />
      )}
    </Card>
  );
}
