import { useI18n } from '../../i18n';
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
  const { t } = useI18n();
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
        message.warning(t('pb.in.empty'));
        return;
      }
      apply(await problemApi.saveAnswers(id, { answers, submit }));
      message.success(submit ? t('pb.in.submitted') : t('pb.in.saved'));
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  const returnAnswer = (answerId: number) => {
    let comment = '';
    modal.confirm({
      title: t('pb.in.returnTitle'),
      content: (
        <Input.TextArea
          rows={3}
          placeholder={t('pb.in.returnReason')}
          onChange={(e) => (comment = e.target.value)}
        />
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
      extra={<Link to="/problems">{t('pb.in.back')}</Link>}
    >
      {!round.canAnswer && (
        <Alert type="info" showIcon message={t('pb.in.readonly')} style={{ marginBottom: 12 }} />
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
                        ? t('pb.in.st.submitted')
                        : mine.status === 'returned'
                          ? t('pb.in.st.returned')
                          : t('pb.in.st.draft')}
                    </Tag>
                  )}
                  {mine?.problemId && <Link to={`/problems/${mine.problemId}`}>{t('pb.in.toProblem')}</Link>}
                </Space>
                {mine?.returnComment && mine.status === 'returned' && (
                  <Alert type="warning" message={t('pb.in.returnComment', { text: mine.returnComment })} />
                )}
                <Input.TextArea
                  rows={2}
                  placeholder={t('pb.in.gap')}
                  value={d?.gap}
                  disabled={locked}
                  onChange={(e) => edit(it.id, { gap: e.target.value })}
                  data-testid={`gap-${it.seq}`}
                />
                <Input.TextArea
                  rows={2}
                  placeholder={t('pb.in.shows')}
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
                  {t('pb.in.asProblem')}
                </Checkbox>
              </Space>
            </List.Item>
          );
        }}
      />
      {round.canManage && round.answers.length > 0 && (
        <Card size="small" title={t('pb.in.unitAnswers')} style={{ marginTop: 16 }}>
          <List
            size="small"
            dataSource={round.answers.filter((a) => a.status === 'submitted')}
            renderItem={(a) => (
              <List.Item
                actions={[
                  <Button key="r" size="small" danger onClick={() => returnAnswer(a.id)}>
                    {t('pb.in.return')}
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
            {t('pb.in.saveDraft')}
          </Button>
          <Button type="primary" onClick={() => save(true)} loading={busy} data-testid="inspection-submit">
            {t('pb.in.submit')}
          </Button>
        </Space>
      )}
    </Card>
  );
}
