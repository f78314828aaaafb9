import { useEffect, useMemo, useState } from 'react';
import { Breadcrumb, Button, Card, Empty, Select, Space, Tag, Typography } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { dashboardApi, type Dashboard, type DashboardChildren } from '../../api/dashboard';
import { useAuth } from '../../auth/AuthContext';
import { useCurrentCampaign } from '../../components/CurrentCampaign';
import { Loading } from '../../components/Loading';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';
import { Cards } from './Cards';
import { figures } from './figures';
import { UnitTable } from './UnitTable';

interface Loaded {
  key: string;
  dash: Dashboard;
  kids: DashboardChildren;
}

/**
 * 工作看板: the figures of one org's subtree from the roll-up counters (GET /api/v1/dashboard), its direct units
 * with the same figures (GET /api/v1/dashboard/children), for the campaign chosen in the header. The org viewed
 * is in the URL (?org=), so drilling down is a link the back button undoes.
 */
export default function DashboardPage() {
  const { t } = useI18n();
  const { me } = useAuth();
  const showError = useApiError();
  const { campaigns, current, campaignId } = useCurrentCampaign();
  const [params, setParams] = useSearchParams();
  const orgParam = Number(params.get('org'));
  const orgId = Number.isInteger(orgParam) && orgParam > 0 ? orgParam : undefined;
  const [data, setData] = useState<Loaded | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const ready = campaigns !== null;
  const key = `${orgId ?? ''}/${campaignId ?? ''}`;

  useEffect(() => {
    if (!ready) return;
    let live = true;
    const q = { orgId, campaignId };
    Promise.all([dashboardApi.get(q), dashboardApi.children(q)])
      .then(([dash, kids]) => {
        if (!live) return;
        setData({ key, dash, kids });
        setFailed(null);
      })
      .catch((e: unknown) => {
        if (!live) return;
        // a unit out of scope (404, e.g. an old link) gets a plain message, not an empty page
        setFailed(key);
        if (!(e instanceof ApiError && e.status === 404)) showError(e);
      });
    return () => {
      live = false;
    };
  }, [ready, orgId, campaignId, key, showError]);

  const f = useMemo(() => (data ? figures(data.dash) : null), [data]);
  const open = (id: number) => setParams({ org: String(id) });
  const roots = me?.scopeRoots ?? [];

  if (failed === key)
    return (
      <Card variant="borderless" data-testid="dash-unavailable">
        <Empty description={t('dash.notFound')}>
          {orgId !== undefined && (
            <Button type="primary" onClick={() => setParams({})}>
              {t('dash.mine')}
            </Button>
          )}
        </Empty>
      </Card>
    );
  if (!data || !f) return <Loading />;
  const loading = data.key !== key;
  const { dash, kids } = data;
  const nothing = !f.problems && !f.assignments && !f.opinions;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card variant="borderless" styles={{ body: { padding: '16px 24px' } }}>
        <div className="ls-dash-head">
          <div style={{ minWidth: 0 }}>
            {kids.ancestors.length > 0 && (
              <Breadcrumb
                data-testid="dash-breadcrumb"
                items={[
                  ...kids.ancestors.map((a) => ({
                    title: (
                      <a onClick={() => open(a.id)} data-testid={`crumb-${a.id}`}>
                        {a.name}
                      </a>
                    ),
                  })),
                  { title: dash.org.name },
                ]}
              />
            )}
            <Typography.Title level={4} style={{ margin: '8px 0 0' }} data-testid="dash-org">
              {dash.org.name}
            </Typography.Title>
          </div>
          <Space wrap style={{ maxWidth: '100%' }}>
            {roots.length > 1 && (
              <Select
                style={{ minWidth: 200 }}
                value={roots.some((r) => r.orgId === dash.org.id) ? dash.org.id : undefined}
                placeholder={t('dash.scope')}
                options={roots.map((r) => ({ value: r.orgId, label: r.orgName }))}
                onChange={open}
                data-testid="dash-root"
              />
            )}
            <Tag color="red" data-testid="dash-campaign" style={{ whiteSpace: 'normal', marginInlineEnd: 0 }}>
              {current ? t('dash.campaign', { name: current.name }) : t('dash.allCampaigns')}
            </Tag>
          </Space>
        </div>
      </Card>
      {nothing ? (
        <Card variant="borderless">
          <Empty description={t('dash.nothing')} />
        </Card>
      ) : (
        <Cards f={f} />
      )}
      <Card
        variant="borderless"
        title={t('dash.byUnit')}
        extra={<Typography.Text type="secondary">{t('dash.drillHint')}</Typography.Text>}
      >
        <UnitTable items={kids.children} loading={loading} onOpen={open} />
      </Card>
    </Space>
  );
}
