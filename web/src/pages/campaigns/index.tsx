import { useEffect, useState } from 'react';
import { Button, Card, Table, Tag } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { campaignApi } from '../../api/endpoints';
import type { Campaign } from '../../api/types';
import { useAuth } from '../../auth/AuthContext';
import { useCurrentCampaign } from '../../components/CurrentCampaign';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';
import { CampaignForm } from './components/CampaignForm';
import { statusColor, statusText } from './components/status';

/** 主题教育: the campaigns that reach the caller's scope. */
export default function CampaignsPage() {
  const { t, fmtDate } = useI18n();
  const showError = useApiError();
  const [items, setItems] = useState<Campaign[]>([]);
  const [loading, setLoading] = useState(true);
  const [creating, setCreating] = useState(false);
  const { can } = useAuth();
  const { reload } = useCurrentCampaign();
  const navigate = useNavigate();

  useEffect(() => {
    campaignApi
      .list()
      .then((r) => setItems(r.items))
      .catch(showError)
      .finally(() => setLoading(false));
  }, [showError]);

  return (
    <Card
      variant="borderless"
      title={t('nav.campaigns')}
      extra={
        can('campaign.manage') && (
          <Button type="primary" onClick={() => setCreating(true)} data-testid="campaign-new">
            {t('campaignForm.new')}
          </Button>
        )
      }
    >
      <Table<Campaign>
        rowKey="id"
        loading={loading}
        dataSource={items}
        pagination={false}
        columns={[
          {
            title: t('campaign.name'),
            dataIndex: 'name',
            render: (n: string, c) => <Link to={`/campaigns/${c.id}`}>{n}</Link>,
          },
          { title: t('campaign.issuer'), dataIndex: 'issuingOrgName', width: 200 },
          {
            title: t('campaign.startsOn'),
            dataIndex: 'startsOn',
            width: 160,
            render: (v: string | null) => fmtDate(v),
          },
          {
            title: t('campaign.endsOn'),
            dataIndex: 'endsOn',
            width: 160,
            render: (v: string | null) => fmtDate(v),
          },
          {
            title: t('campaign.status'),
            dataIndex: 'status',
            width: 100,
            render: (s: string) => <Tag color={statusColor(s)}>{statusText(s, t)}</Tag>,
          },
        ]}
      />
      {creating && (
        <CampaignForm
          onClose={() => setCreating(false)}
          onSaved={(id) => {
            reload();
            navigate(`/campaigns/${id}`);
          }}
        />
      )}
    </Card>
  );
}
