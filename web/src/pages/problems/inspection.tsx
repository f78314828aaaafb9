import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Input, List, Space, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { problemApi, type RoundDetail } from '../../api/problems';
import { Loading } from '../../components/Loading';
import { useApiError } from '../../components/useApiError';

interface Draft {
  gap: string;
  manifestation: string;
  isProblem: boolean;
}

/** The self-inspection form: each checklist item (查…看…), the gap found, how it shows, and whether it is a problem. */
export default function InspectionPage() {
  const id = Number(useParams().id);
  const { message, modal } = App.useApp();
  const showError = useApiError();
  const [round, setRound] = useState<RoundDetail | null>(null);
  const [drafts, setDrafts] = useState<Record<number, Draft>>({});
  const [busy, setBusy] = useState(false);

  const apply = (r: RoundDetail) => {
    setRound(r);
    setDrafts(
      Object.fromEntries(
        r.items.map((it) => {
          const a = r.mine.find((m) => m.itemId === it.id);
          return [
            it.id,
            { gap: a?.gap ?? '', manifestation: a?.manifestation ?? '', isProblem: a?.isProblem ?? false },
          ];
        }),
      ),
    );
  };
  useEffect(() => {
    problemApi.round(id).then(apply).catch(showError);
  }, [id, showError]);
  if (!round) return <Loading />;

  const save = async (submit: boolean) => {
    setBusy(true);
    try {
      const answers = round.items
        .map((it) => ({ itemId: it.id, ...drafts[it.id] }))
        .filter((a) => a.gap || a.manifestation || a.isProblem);
      if (answers.length === 0) {
        message.warning('请至少填写一项检视内容');
        return;
      }
      apply(await problemApi.saveAnswers(id, { answers, submit }));
      message.success(submit ? '已提交，标记为问题的已进入整改台账' : '已保存');
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  const returnAnswer = (answerId: number) => {
    let comment = '';
    modal.confirm({
      title: '退回检视答卷',
      content: (
        <Input.TextArea rows={3} placeholder="退回理由" onChange={(e) => (comment = e.target.value)} />
      ),
      onOk: () => problemApi.returnAnswer(answerId, comment).then(apply).catch(showError),
    });
  };
  const edit = (itemId: number, patch: Partial<Draft>) =>
    setDrafts((d) => ({ ...d, [itemId]: { ...d[itemId], ...patch } }));

  return (
    <Card
      variant="borderless"
      title={`${round.title} · ${round.orgName}`}
      extra={<Link to="/problems">返回检视整改</Link>}
    >
      {!round.canAnswer && (
        <Alert type="info" showIcon message="您可以查看本次检视，但不能作答" style={{ marginBottom: 12 }} />
      )}
      <List
        dataSource={round.items}
        renderItem={(it) => {
          const mine = round.mine.find((m) => m.itemId === it.id);
          const locked = !round.canAnswer || mine?.status === 'submitted';
          const d = drafts[it.id];
          return (
            <List.Item data-testid={`item-${it.seq}`}>
              <Space direction="vertical" style={{ width: '100%' }}>
                <Space>
                  <Typography.Text strong>
                    {it.seq}. {it.title}
                  </Typography.Text>
                  <Typography.Text type="secondary">{it.detail}</Typography.Text>
                  {mine && (
                    <Tag>
                      {mine.status === 'submitted'
                        ? '已提交'
                        : mine.status === 'returned'
                          ? '已退回'
                          : '草稿'}
                    </Tag>
                  )}
                  {mine?.problemId && <Link to={`/problems/${mine.problemId}`}>已转为问题</Link>}
                </Space>
                {mine?.returnComment && mine.status === 'returned' && (
                  <Alert type="warning" message={`退回意见：${mine.returnComment}`} />
                )}
                <Input.TextArea
                  rows={2}
                  placeholder="查摆出的差距"
                  value={d?.gap}
                  disabled={locked}
                  onChange={(e) => edit(it.id, { gap: e.target.value })}
                  data-testid={`gap-${it.seq}`}
                />
                <Input.TextArea
                  rows={2}
                  placeholder="具体表现"
                  value={d?.manifestation}
                  disabled={locked}
                  onChange={(e) => edit(it.id, { manifestation: e.target.value })}
                />
                <Checkbox
                  checked={d?.isProblem}
                  disabled={locked}
                  onChange={(e) => edit(it.id, { isProblem: e.target.checked })}
                  data-testid={`is-problem-${it.seq}`}
                >
                  列为问题，进入整改台账
                </Checkbox>
              </Space>
            </List.Item>
          );
        }}
      />
      {round.canManage && round.answers.length > 0 && (
        <Card size="small" title="本单位已提交的检视答卷" style={{ marginTop: 16 }}>
          <List
            size="small"
            dataSource={round.answers.filter((a) => a.status === 'submitted')}
            renderItem={(a) => (
              <List.Item
                actions={[
                  <Button key="r" size="small" danger onClick={() => returnAnswer(a.id)}>
                    退回
                  </Button>,
                ]}
              >
                {a.userName} · {round.items.find((it) => it.id === a.itemId)?.title}：{a.gap}
              </List.Item>
            )}
          />
        </Card>
      )}
      {round.canAnswer && (
        <Space style={{ marginTop: 12 }}>
          <Button onClick={() => save(false)} loading={busy}>
            保存草稿
          </Button>
          <Button type="primary" onClick={() => save(true)} loading={busy} data-testid="inspection-submit">
            提交检视
          </Button>
        </Space>
      )}
    </Card>
  );
}
