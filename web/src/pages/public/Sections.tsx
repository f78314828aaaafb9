import { useEffect, useState, type HTMLAttributes } from 'react';
import { App, Button, Card, Empty, List, Progress, Space, Table, Tag, Typography } from 'antd';
import {
  deviceId,
  publicApi,
  RATINGS,
  type Deed,
  type PublicArticle,
  type PublicOpinion,
  type PublicProblem,
  type PublicStats,
} from '../../api/public';
import { formatTime, pct } from './format';

function useLoad<T>(load: () => Promise<T>): [T | null, () => void] {
  const [data, setData] = useState<T | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    load()
      .then(setData)
      .catch(() => setData(null));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tick]);
  return [data, () => setTick((n) => n + 1)];
}

/** Bodies are plain text (markdown shown as written): React escapes them, nothing is parsed as HTML. */
const Body = ({ text }: { text: string }) => (
  <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} ellipsis={{ rows: 6, expandable: true }}>
    {text}
  </Typography.Paragraph>
);

export function News() {
  const [data] = useLoad(publicApi.articles);
  const [opinions] = useLoad(publicApi.opinions);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <List<PublicArticle>
        dataSource={data?.items ?? []}
        locale={{ emptyText: <Empty description="暂无动态" /> }}
        renderItem={(a) => (
          <Card
            size="small"
            style={{ marginBottom: 8 }}
            title={a.title}
            extra={a.kind === 'example' ? <Tag color="gold">典型</Tag> : null}
          >
            <Typography.Text type="secondary">
              {a.orgName} · {formatTime(a.publishedAt)}
            </Typography.Text>
            <Body text={a.body} />
            {a.imageIds.map((id) => (
              <img key={id} src={`/api/v1/public/files/${id}`} alt="" style={{ maxWidth: '100%' }} />
            ))}
          </Card>
        )}
      />
      <Typography.Title level={5}>群众意见答复公开</Typography.Title>
      <List<PublicOpinion>
        dataSource={opinions?.items ?? []}
        locale={{ emptyText: <Empty description="暂无公开答复" /> }}
        renderItem={(o) => (
          <Card size="small" style={{ marginBottom: 8 }}>
            <Tag>{o.category}</Tag> {o.unitName}
            <Body text={o.text} />
            {o.answer && (
              <Typography.Paragraph type="success" style={{ whiteSpace: 'pre-wrap' }}>
                答复：{o.answer}
              </Typography.Paragraph>
            )}
            {o.rating && <Tag color="blue">群众评价：{o.rating}</Tag>}
          </Card>
        )}
      />
    </Space>
  );
}

export function Rectification() {
  const [data] = useLoad(publicApi.problems);
  return (
    <List<PublicProblem>
      dataSource={data?.items ?? []}
      locale={{ emptyText: <Empty description="暂无公示的整改事项" /> }}
      renderItem={(p) => (
        <Card
          size="small"
          style={{ marginBottom: 8 }}
          title={p.title ?? p.number}
          extra={p.status && <Tag color="red">{p.status}</Tag>}
        >
          {p.orgName && <Typography.Text type="secondary">{p.orgName}</Typography.Text>}
          {p.manifestation && <Body text={p.manifestation} />}
          {p.measures && (
            <ul style={{ paddingLeft: 18, margin: 0 }}>
              {p.measures.map((m, i) => (
                <li key={i}>
                  <Tag>{m.type}</Tag>
                  {m.text} {m.done && <Tag color="green">已完成</Tag>}
                </li>
              ))}
            </ul>
          )}
          {p.progress && <Typography.Paragraph type="secondary">进展：{p.progress}</Typography.Paragraph>}
        </Card>
      )}
    />
  );
}

export function Deeds() {
  const { message } = App.useApp();
  const [data, reload] = useLoad(publicApi.deeds);
  const rate = (d: Deed, r: string) =>
    publicApi
      .rateDeed(d.id, r, deviceId())
      .then(() => (message.success('感谢您的评价'), reload()))
      .catch((e: Error) => message.warning(e.message));
  return (
    <List<Deed>
      dataSource={data?.items ?? []}
      locale={{ emptyText: <Empty description="暂无实事项目" /> }}
      renderItem={(d) => (
        <Card
          size="small"
          style={{ marginBottom: 8 }}
          title={d.title}
          extra={d.status === 'completed' ? <Tag color="green">已完成</Tag> : <Tag>推进中</Tag>}
        >
          <Typography.Text type="secondary">
            {d.orgName} · 责任领导 {d.leaderName || '—'} · 目标 {d.targetDate}
          </Typography.Text>
          <Progress percent={d.progress} />
          {d.milestones.map((m) => (
            <div key={m.id} style={{ fontSize: 12 }}>
              {m.title}（权重{m.weight}）：{m.progress}%
            </div>
          ))}
          {d.status === 'completed' && (
            <Space wrap style={{ marginTop: 8 }}>
              {RATINGS.map((r) => (
                <Button key={r} size="small" onClick={() => rate(d, r)}>
                  {r} {d.ratings[r] ?? 0}
                </Button>
              ))}
            </Space>
          )}
        </Card>
      )}
    />
  );
}

export function Stats() {
  const [data] = useLoad(publicApi.stats);
  return (
    <Table<PublicStats>
      size="small"
      rowKey="orgId"
      scroll={{ x: 640 }}
      onRow={(r) => ({ 'data-testid': `stats-${r.orgName}` }) as HTMLAttributes<HTMLElement>}
      pagination={false}
      dataSource={data ?? []}
      columns={[
        { title: '单位', dataIndex: 'orgName', fixed: 'left', width: 140 },
        { title: '公示整改', dataIndex: 'publishedItems' },
        { title: '已销号', dataIndex: 'signedOff' },
        { title: '收到意见', dataIndex: 'opinionsReceived' },
        { title: '响应率', dataIndex: 'responseRate', render: pct },
        { title: '解决率', dataIndex: 'resolutionRate', render: pct },
        { title: '满意率', dataIndex: 'satisfactionRate', render: pct },
        { title: '实事', dataIndex: 'deeds' },
        { title: '实事进度', dataIndex: 'deedProgress', render: pct },
      ]}
    />
  );
}
