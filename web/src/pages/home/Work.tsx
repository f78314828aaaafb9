import { useEffect, useState } from 'react';
import { Card, Col, List, Row, Statistic } from 'antd';
import { Link } from 'react-router-dom';
import { taskApi, type Assignment, type Home } from '../../api/tasks';
import { useCurrentCampaign } from '../../components/CurrentCampaign';
import { useI18n } from '../../i18n';
import { CountsBar, LightTag } from '../tasks/Lights';

function Items({ title, items, testid }: { title: string; items: Assignment[]; testid: string }) {
  const { t, fmtDate } = useI18n();
  return (
    <Card size="small" title={t('work.listTitle', { title, n: items.length })} data-testid={testid}>
      <List<Assignment>
        size="small"
        dataSource={items}
        locale={{ emptyText: t('work.none') }}
        renderItem={(a) => (
          <List.Item extra={<LightTag a={a} />}>
            <Link to={`/assignments/${a.id}`}>
              {a.orgName}：{a.taskTitle}
            </Link>
            <span style={{ color: '#999', marginLeft: 8 }}>{fmtDate(a.deadline)}</span>
          </List.Item>
        )}
      />
    </Card>
  );
}

/** What waits for me, my subtree's progress, overdue and upcoming items. */
export function WorkPanel() {
  const { t } = useI18n();
  const { campaignId } = useCurrentCampaign();
  const [home, setHome] = useState<Home | null>(null);
  useEffect(() => {
    taskApi.home(campaignId).then(setHome, () => undefined);
  }, [campaignId]);
  if (!home) return null;
  const p = home.progress;
  return (
    <Row gutter={[16, 16]}>
      <Col span={24}>
        <Card variant="borderless" title={t('work.progressTitle')}>
          <Row gutter={16}>
            <Col span={4}>
              <Statistic title={t('work.total')} value={p.total} />
            </Col>
            <Col span={4}>
              <Statistic title={t('work.accepted')} value={p.accepted} />
            </Col>
            <Col span={4}>
              <Statistic title={t('light.red')} value={p.red} styles={{ content: { color: '#cf1322' } }} />
            </Col>
            <Col span={4}>
              <Statistic
                title={t('light.yellow')}
                value={p.yellow}
                styles={{ content: { color: '#d4b106' } }}
              />
            </Col>
            <Col span={4}>
              <Statistic title={t('light.blue')} value={p.blue} styles={{ content: { color: '#1677ff' } }} />
            </Col>
            <Col span={4}>
              <Statistic title={t('work.unread')} value={home.unread} />
            </Col>
          </Row>
          <CountsBar c={p} />
        </Card>
      </Col>
      <Col xs={24} lg={8}>
        <Items title={t('work.toAcknowledge')} items={home.toAcknowledge} testid="home-ack" />
      </Col>
      <Col xs={24} lg={8}>
        <Items title={t('work.toReport')} items={home.toReport} testid="home-report" />
      </Col>
      <Col xs={24} lg={8}>
        <Items
          title={`${t('work.toReview')}${home.pendingExtensions ? t('work.extensions', { n: home.pendingExtensions }) : ''}`}
          items={home.toReview}
          testid="home-review"
        />
      </Col>
      <Col xs={24} lg={12}>
        <Items title={t('work.overdue')} items={home.overdue} testid="home-overdue" />
      </Col>
      <Col xs={24} lg={12}>
        <Items title={t('work.upcoming')} items={home.upcoming} testid="home-upcoming" />
      </Col>
    </Row>
  );
}
