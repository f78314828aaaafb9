import { useCallback, useEffect, useState } from 'react';
import { App, Button, Card, Descriptions, Empty, Input, Radio, Space, Steps, Tag, Typography } from 'antd';
import { publicApi, RATINGS, type Tracked } from '../../api/public';
import { formatTime } from './format';

/** 查询: the holder of the code follows it and rates the answer. */
export function TrackOpinion({ initialCode }: { initialCode?: string }) {
  const { message } = App.useApp();
  const [code, setCode] = useState(initialCode ?? '');
  const [item, setItem] = useState<Tracked | null>(null);
  const [rating, setRating] = useState<string>('满意');
  const [comment, setComment] = useState('');

  const load = useCallback(
    (c: string) => {
      if (!c.trim()) return;
      publicApi
        .track(c.trim())
        .then(setItem)
        .catch((e: Error) => {
          setItem(null);
          message.error(e.message);
        });
    },
    [message],
  );
  useEffect(() => {
    if (initialCode) load(initialCode);
  }, [initialCode, load]);

  const rate = async () => {
    if (!item) return;
    try {
      await publicApi.rate(item.code, rating, comment || undefined);
      message.success('感谢您的评价');
      load(item.code);
    } catch (e) {
      message.error(e instanceof Error ? e.message : '评价失败');
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Input.Search
        placeholder="请输入查询码"
        value={code}
        onChange={(e) => setCode(e.target.value)}
        onSearch={load}
        enterButton="查询"
        data-testid="track-input"
      />
      {!item ? (
        <Empty description="输入查询码查看办理进度" />
      ) : (
        <Card
          size="small"
          title={
            <Tag color="red" data-testid="track-status">
              {item.statusLabel}
            </Tag>
          }
          data-testid="track-result"
        >
          <Descriptions column={1} size="small">
            <Descriptions.Item label="类别">{item.category}</Descriptions.Item>
            <Descriptions.Item label="承办单位">{item.unitName ?? '派单中'}</Descriptions.Item>
            <Descriptions.Item label="提交时间">{formatTime(item.submittedAt)}</Descriptions.Item>
            <Descriptions.Item label="答复期限">{formatTime(item.answerDeadline)}</Descriptions.Item>
            <Descriptions.Item label="内容">
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
                {item.text}
              </Typography.Paragraph>
            </Descriptions.Item>
            {item.answer && (
              <Descriptions.Item label="答复">
                <Typography.Paragraph
                  style={{ whiteSpace: 'pre-wrap', margin: 0 }}
                  data-testid="track-answer"
                >
                  {item.answer}
                </Typography.Paragraph>
              </Descriptions.Item>
            )}
            {item.rating && <Descriptions.Item label="您的评价">{item.rating}</Descriptions.Item>}
          </Descriptions>
          <Steps
            direction="vertical"
            size="small"
            current={item.steps.length}
            items={item.steps.map((s) => ({ title: s.label, description: formatTime(s.at) }))}
          />
          {item.canRate && (
            <Space direction="vertical" style={{ width: '100%' }}>
              <Radio.Group value={rating} onChange={(e) => setRating(String(e.target.value))}>
                {RATINGS.map((r) => (
                  <Radio.Button key={r} value={r} data-testid={`rate-${r}`}>
                    {r}
                  </Radio.Button>
                ))}
              </Radio.Group>
              <Input.TextArea
                rows={2}
                maxLength={500}
                placeholder="补充说明（选填）"
                value={comment}
                onChange={(e) => setComment(e.target.value)}
              />
              <Button type="primary" onClick={rate} data-testid="rate-submit">
                提交评价
              </Button>
              {!item.reopened && (
                <Typography.Text type="secondary">评价“不满意”将重新交办一次并告知上级。</Typography.Text>
              )}
            </Space>
          )}
        </Card>
      )}
    </Space>
  );
}
