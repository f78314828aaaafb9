import { useEffect, useState } from 'react';
import { Breadcrumb, Button, Card, Descriptions, Empty, Skeleton, Space, Tabs, Tag, Timeline } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { campaignApi } from '../../api/endpoints';
import type { CampaignDetail } from '../../api/types';
import { useAuth } from '../../auth/AuthContext';
import { useCurrentCampaign } from '../../components/CurrentCampaign';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';
import { CampaignForm } from './components/CampaignForm';
import { ItemsTable } from './components/ItemsTable';
import { statusColor, statusText } from './components/status';

/** One campaign: requirements, goals, phases, and its data-driven checklists (十查十看, directions, key tasks). */
export default function CampaignDetailPage() {
  const { id } = useParams();
  const { t, fmtDate } = useI18n();
  const showError = useApiError();
  const [c, setC] = useState<CampaignDetail | null>(null);
  const [failed, setFailed] = useState(false);
  const [editing, setEditing] = useState(false);
  const [version, setVersion] = useState(0);
  const { can } = useAuth();
  const { reload } = useCurrentCampaign();

  useEffect(() => {
    const n = Number(id);
    if (!Number.isInteger(n) || n < 1) {
      setFailed(true);
      return;
    }
    campaignApi
      .get(n)
      .then(setC)
      .catch((e: unknown) => {
        setFailed(true);
        showError(e);
      });
  }, [id, showError, version]);

  if (failed) return <Empty description={t('common.notFound')} />;
  if (!c) return <Skeleton active />;

  const of = (kind: string) => c.items.filter((i) => i.kind === kind);
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link to="/campaigns">{t('nav.campaigns')}</Link> }, { title: c.name }]} />
      <Card
        variant="borderless"
        title={c.name}
        extra={
          <>
            <Tag color={statusColor(c.status)}>{statusText(c.status, t)}</Tag>
            {can('campaign.manage') && (
              <Button size="small" onClick={() => setEditing(true)} data-testid="campaign-edit">
                {t('common.edit')}
              </Button>
            )}
          </>
        }
      >
        <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered>
          <Descriptions.Item label={t('campaign.issuer')}>{c.issuingOrgName}</Descriptions.Item>
          <Descriptions.Item label={t('campaign.period')}>
            {fmtDate(c.startsOn)} — {fmtDate(c.endsOn)}
          </Descriptions.Item>
          <Descriptions.Item label={t('campaign.generalRequirement')} span={2}>
            {c.generalRequirement || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('campaign.fundamentalTask')} span={2}>
            {c.fundamentalTask || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('campaign.goals')} span={2}>
            {c.goals.length ? c.goals.map((g) => <Tag key={g}>{g}</Tag>) : '—'}
          </Descriptions.Item>
        </Descriptions>
        {c.phases.length > 0 && (
          <Timeline
            style={{ marginTop: 24 }}
            items={c.phases.map((p) => ({
              key: p.name,
              title: p.name,
              content: `${fmtDate(p.startsOn)} — ${fmtDate(p.endsOn)}`,
            }))}
          />
        )}
      </Card>
      <Card variant="borderless">
        <Tabs
          items={[
            {
              key: 'checklist',
              label: `${t('campaign.checklist')} (${of('checklist').length})`,
              children: (
                <ItemsTable
                  items={of('checklist')}
                  titleLabel={t('campaign.checkItem')}
                  detailLabel={t('campaign.checkStandard')}
                />
              ),
            },
            {
              key: 'direction',
              label: `${t('campaign.directions')} (${of('direction').length})`,
              children: <ItemsTable items={of('direction')} titleLabel={t('campaign.direction')} />,
            },
            {
              key: 'key_task',
              label: `${t('campaign.keyTasks')} (${of('key_task').length})`,
              children: <ItemsTable items={of('key_task')} titleLabel={t('campaign.keyTask')} />,
            },
          ]}
        />
      </Card>
      {editing && (
        <CampaignForm
          campaign={c}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            setVersion((n) => n + 1);
            reload();
          }}
        />
      )}
    </Space>
  );
}
