import { useI18n, type MessageKey } from '../../i18n';
import { useEffect, useState } from 'react';
import { Button, Progress, Space, Table, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { problemApi, type Round } from '../../api/problems';
import { useAuth } from '../../auth/AuthContext';
import { useApiError } from '../../components/useApiError';
import { ChecklistModal, RoundModal } from './RoundForms';
import { useCampaignId } from './useCampaign';

const KIND: Record<string, MessageKey> = { team: 'pb.i.team', individual: 'pb.i.individual' };

/** Inspection rounds in scope, with who has submitted. */
export function Inspections() {
  const showError = useApiError();
  const { t } = useI18n();
  const { can } = useAuth();
  const campaignId = useCampaignId();
  const [creating, setCreating] = useState(false);
  const [checklist, setChecklist] = useState(false);
  const [rounds, setRounds] = useState<Round[]>([]);
  const [loading, setLoading] = useState(true);
  const [progress, setProgress] = useState<
    { orgId: number; orgName: string; participants: number; submitted: number }[]
  >([]);
  useEffect(() => {
    problemApi
      .progress()
      .then((p) => setProgress(p.rows.filter((r) => r.participants > 0)))
      .catch(() => undefined);
    problemApi
      .rounds()
      .then((r) => setRounds(r.items))
      .catch(showError)
      .finally(() => setLoading(false));
  }, [showError]);
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        {can('problem.write') && (
          <Button type="primary" onClick={() => setCreating(true)} data-testid="round-new">
            {t('pb.i.start')}
          </Button>
        )}
        <Button onClick={() => setChecklist(true)} data-testid="checklist-open">
          {t('pb.i.checklist')}
        </Button>
      </Space>
      <RoundModal open={creating} campaignId={campaignId} onClose={() => setCreating(false)} />
      <ChecklistModal
        open={checklist}
        campaignId={campaignId}
        canManage={can('checklist.manage')}
        onClose={() => setChecklist(false)}
      />
      {progress.length > 0 && (
        <Space wrap style={{ marginBottom: 12 }}>
          {t('pb.i.progress')}
          {progress.map((r) => (
            <Tag key={r.orgId}>
              {t('pb.i.progressTag', { org: r.orgName, done: r.submitted, total: r.participants })}
            </Tag>
          ))}
        </Space>
      )}
      <Table<Round>
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={rounds}
        pagination={false}
        columns={[
          {
            title: t('pb.i.col'),
            dataIndex: 'title',
            render: (v: string, r) => (
              <Link to={`/inspections/${r.id}`} data-testid="round-link">
                {v}
              </Link>
            ),
          },
          {
            title: t('pb.d.type'),
            dataIndex: 'kind',
            width: 100,
            render: (k: string) => <Tag>{KIND[k] ? t(KIND[k]) : k}</Tag>,
          },
          { title: t('pb.i.unit'), dataIndex: 'orgName', width: 240 },
          {
            title: t('pb.i.submitted'),
            key: 's',
            width: 200,
            render: (_, r) => (
              <Progress
                size="small"
                percent={r.participants ? Math.round((r.submitted * 100) / r.participants) : 0}
                format={() => t('pb.i.people', { done: r.submitted, total: r.participants })}
              />
            ),
          },
        ]}
      />
    </>
  );
}
