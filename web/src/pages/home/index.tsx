import { useEffect, useState } from 'react';
import { Card, Col, List, Row, Statistic, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { campaignApi, orgApi, peopleApi } from '../../api/endpoints';
import type { Campaign } from '../../api/types';
import { useAuth } from '../../auth/AuthContext';
import { useI18n } from '../../i18n';
import { DASHBOARD_ABILITIES } from '../../nav';
import { WorkPanel } from './Work';

interface Counts {
  orgs?: number;
  people?: number;
}

/** Welcome, the user's scope, and counts the server reports: nothing here is invented. */
export default function HomePage() {
  const { t, fmtDate } = useI18n();
  const { me, can } = useAuth();
  const [counts, setCounts] = useState<Counts>({});
  const [campaigns, setCampaigns] = useState<Campaign[] | null>(null);
  const canOrgs = can('org.read');
  const canPeople = can('person.read');
  const canCampaigns = can('campaign.read');

  useEffect(() => {
    if (canOrgs) {
      orgApi
        .list({ pageSize: 1, active: true })
        .then((r) => setCounts((c) => ({ ...c, orgs: r.total })))
        .catch(() => undefined);
    }
    if (canPeople) {
      peopleApi
        .list({ pageSize: 1, active: true })
        .then((r) => setCounts((c) => ({ ...c, people: r.total })))
        .catch(() => undefined);
    }
    if (canCampaigns) {
      campaignApi
        .list()
        .then((r) => setCampaigns(r.items))
        .catch(() => setCampaigns([]));
    }
  }, [canOrgs, canPeople, canCampaigns]);

  if (!me) return null;
  return (
    <Row gutter={[16, 16]}>
      {can('task.read') && (
        <Col span={24}>
          <WorkPanel />
        </Col>
      )}
      <Col span={24}>
        <Card variant="borderless">
          <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="welcome">
            {t('home.welcome', { name: me.displayName })}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('home.motto')}</Typography.Paragraph>
          <Typography.Text>{t('home.scope')}</Typography.Text>
          {me.scopeRoots.length ? (
            me.scopeRoots.map((r) => (
              <Tag key={r.orgId} color="red">
                {r.orgName}
              </Tag>
            ))
          ) : (
            <Typography.Text type="secondary">{t('scope.none')}</Typography.Text>
          )}
          {me.grants.length > 0 && (
            <div style={{ marginTop: 8 }}>
              <Typography.Text>{t('home.roles')}</Typography.Text>
              {me.grants.map((g) => (
                <Tag key={g.grantId}>
                  {g.roleName} @ {g.orgName}
                </Tag>
              ))}
            </div>
          )}
        </Card>
      </Col>
      {can(DASHBOARD_ABILITIES) && (
        <Col xs={24} sm={12} lg={6}>
          <Card variant="borderless" title={t('nav.dashboard')} style={{ height: '100%' }}>
            <Typography.Paragraph type="secondary">{t('home.dashboardHint')}</Typography.Paragraph>
            <Link to="/dashboard" data-testid="home-dashboard">
              {t('home.goDashboard')}
            </Link>
          </Card>
        </Col>
      )}
      {canOrgs && (
        <Col xs={24} sm={12} lg={6}>
          <Card variant="borderless">
            <Statistic
              title={t('home.orgCount')}
              value={counts.orgs ?? '—'}
              loading={counts.orgs === undefined}
            />
            <Link to="/orgs">{t('home.goOrgs')}</Link>
          </Card>
        </Col>
      )}
      {canPeople && (
        <Col xs={24} sm={12} lg={6}>
          <Card variant="borderless">
            <Statistic
              title={t('home.peopleCount')}
              value={counts.people ?? '—'}
              loading={counts.people === undefined}
            />
            <Link to="/people">{t('home.goPeople')}</Link>
          </Card>
        </Col>
      )}
      {canCampaigns && (
        <Col xs={24} lg={12}>
          <Card variant="borderless" title={t('home.campaigns')}>
            <List<Campaign>
              loading={campaigns === null}
              dataSource={campaigns ?? []}
              locale={{ emptyText: t('common.empty') }}
              renderItem={(c) => (
                <List.Item>
                  <List.Item.Meta
                    title={<Link to={`/campaigns/${c.id}`}>{c.name}</Link>}
                    description={`${fmtDate(c.startsOn)} — ${fmtDate(c.endsOn)}`}
                  />
                </List.Item>
              )}
            />
          </Card>
        </Col>
      )}
    </Row>
  );
}
