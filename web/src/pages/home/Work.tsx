import { useEffect, useState } from 'react';
import { Card, Col, List, Row, Statistic } from 'antd';
import { Link } from 'react-router-dom';
import { taskApi, type Assignment, type Home } from '../../api/tasks';
import { useI18n } from '../../i18n';
import { CountsBar, LightTag } from '../tasks/Lights';

function Items({ title, items, testid }: { title: string; items: Assignment[]; testid: string }) {
  const { fmtDate } = useI18n();
  return (
    <Card size="small" title={`${title}（${items.length}）`} data-testid={testid}>
      <List<Assignment>
        size="small"
        dataSource={items}
        locale={{ emptyText: '暂无' }}
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
  const [home, setHome] = useState<Home | null>(null);
  useEffect(() => {
    taskApi.home().then(setHome, () => undefined);
  }, []);
  if (!home) return null;
  const p = home.progress;
  return (
    <Row gutter={[16, 16]}>
      <Col span={24}>
        <Card variant="borderless" title="我的管辖范围落实情况">
          <Row gutter={16}>
            <Col span={4}>
              <Statistic title="督办事项（单位次）" value={p.total} />
            </Col>
            <Col span={4}>
              <Statistic title="已审结" value={p.accepted} />
            </Col>
            <Col span={4}>
              <Statistic title="红灯·逾期" value={p.red} styles={{ content: { color: '#cf1322' } }} />
            </Col>
            <Col span={4}>
              <Statistic title="黄灯·滞后" value={p.yellow} styles={{ content: { color: '#d4b106' } }} />
            </Col>
            <Col span={4}>
              <Statistic title="蓝灯·临期" value={p.blue} styles={{ content: { color: '#1677ff' } }} />
            </Col>
            <Col span={4}>
              <Statistic title="未读消息" value={home.unread} />
            </Col>
          </Row>
          <CountsBar c={p} />
        </Card>
      </Col>
      <Col xs={24} lg={8}>
        <Items title="待签收" items={home.toAcknowledge} testid="home-ack" />
      </Col>
      <Col xs={24} lg={8}>
        <Items title="待反馈/办结" items={home.toReport} testid="home-report" />
      </Col>
      <Col xs={24} lg={8}>
        <Items
          title={`待审结${home.pendingExtensions ? `（另有延期申请 ${home.pendingExtensions} 件）` : ''}`}
          items={home.toReview}
          testid="home-review"
        />
      </Col>
      <Col xs={24} lg={12}>
        <Items title="逾期未办结" items={home.overdue} testid="home-overdue" />
      </Col>
      <Col xs={24} lg={12}>
        <Items title="即将到期" items={home.upcoming} testid="home-upcoming" />
      </Col>
    </Row>
  );
}
