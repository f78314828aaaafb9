import { useCallback, useEffect, useState } from 'react';
import { App, Button, Descriptions, Form, Input, Modal, Space, Tag, Timeline, Typography } from 'antd';
import { useParams } from 'react-router-dom';
import { LIGHT_COLOR, LIGHT_TEXT, opinionApi, type OpinionDetail } from '../../api/opinions';
import { useAuth } from '../../auth/AuthContext';
import { OrgSelect } from '../../components/OrgSelect';
import { PageCard } from '../../components/PageCard';
import { useApiError } from '../../components/useApiError';
import { formatTime } from '../public/format';

type Dialog = null | { action: string; title: string; field?: 'reason' | 'answer' | 'orgId' };

const ACTION_LABEL: Record<string, Dialog> = {
  dispatch: { action: 'dispatch', title: '派单', field: 'orgId' },
  sign: { action: 'sign', title: '签收' },
  return: { action: 'return', title: '退回（非本单位职责）', field: 'reason' },
  answer: { action: 'answer', title: '答复', field: 'answer' },
  close: { action: 'close', title: '关闭', field: 'reason' },
};

/** What each step of the timeline is called (the server records the action's code). */
const EVENT_LABEL: Record<string, string> = {
  submit: '提交',
  dispatch: '派单',
  sign: '签收',
  return: '退回',
  answer: '答复',
  reopen: '评价不满意，重新交办',
  rate: '评价',
  close: '关闭',
  publish: '公开答复',
  unpublish: '撤回公开',
  unreasonable: '认定为不合理诉求',
  ununreasonable: '取消不合理认定',
  hide: '隐藏',
  unhide: '取消隐藏',
  to_problem: '转为问题',
};

/** One opinion: contact (dispatcher and assigned unit only), timeline, and the actions the machine allows. */
export default function OpinionDetailPage() {
  const id = Number(useParams().id);
  const { can } = useAuth();
  const { message } = App.useApp();
  const showError = useApiError();
  const [o, setO] = useState<OpinionDetail | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [form] = Form.useForm<{ reason?: string; answer?: string; orgId?: number }>();
  const load = useCallback(() => {
    opinionApi
      .get(id)
      .then(setO)
      .catch((e: unknown) => showError(e));
  }, [id, showError]);
  useEffect(load, [load]);

  const run = async (action: string, body: Record<string, unknown>) => {
    if (!o) return;
    try {
      setO(await opinionApi.act(o.id, action, { version: o.version, ...body }));
      setDialog(null);
      form.resetFields();
      message.success('已完成');
    } catch (e) {
      showError(e, form);
    }
  };
  const flag = (f: string, on: boolean, label: string) => {
    let reason = '';
    Modal.confirm({
      title: label,
      content:
        f === 'publish' ? undefined : (
          <Input.TextArea rows={3} placeholder="理由（必填）" onChange={(e) => (reason = e.target.value)} />
        ),
      onOk: () => run(f, { on, reason: reason || undefined }),
    });
  };

  if (!o) return <PageCard title="群众意见">…</PageCard>;
  const dispatcher = can('opinion.dispatch');
  return (
    <PageCard
      title={
        <Space>
          {o.code} <Tag color={LIGHT_COLOR[o.light]}>{LIGHT_TEXT[o.light]}</Tag>
          <Tag data-testid="opinion-status">{o.statusLabel}</Tag>
        </Space>
      }
      extra={
        <Space wrap>
          {o.actions.map((a) =>
            ACTION_LABEL[a] ? (
              <Button
                key={a}
                type={a === 'answer' || a === 'sign' ? 'primary' : 'default'}
                onClick={() => setDialog(ACTION_LABEL[a])}
                data-testid={`act-${a}`}
              >
                {ACTION_LABEL[a]?.title}
              </Button>
            ) : null,
          )}
          {dispatcher && o.answer && o.agreePublic && (
            <Button
              onClick={() => flag('publish', !o.answerPublished, o.answerPublished ? '撤回公开' : '公开答复')}
            >
              {o.answerPublished ? '撤回公开' : '公开答复'}
            </Button>
          )}
          {dispatcher && (
            <Button
              onClick={() =>
                flag('unreasonable', !o.unreasonable, o.unreasonable ? '取消不合理认定' : '认定为不合理诉求')
              }
            >
              {o.unreasonable ? '取消不合理认定' : '不合理诉求'}
            </Button>
          )}
          {dispatcher && (
            <Button danger onClick={() => flag('hide', !o.hidden, o.hidden ? '取消隐藏' : '隐藏')}>
              {o.hidden ? '取消隐藏' : '隐藏'}
            </Button>
          )}
        </Space>
      }
    >
      <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered>
        <Descriptions.Item label="类别">{o.category}</Descriptions.Item>
        <Descriptions.Item label="承办单位">{o.orgName ?? '待派单'}</Descriptions.Item>
        <Descriptions.Item label="提交时间">{formatTime(o.submittedAt)}</Descriptions.Item>
        <Descriptions.Item label="签收期限">{formatTime(o.signDeadline)}</Descriptions.Item>
        <Descriptions.Item label="答复期限">{formatTime(o.answerDeadline)}</Descriptions.Item>
        <Descriptions.Item label="联系人">
          <span data-testid="opinion-contact">
            {o.submitterName ?? '未留'} {o.submitterPhone ?? ''}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label="内容" span={2}>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{o.text}</Typography.Paragraph>
          {o.pictureIds.map((p) => (
            <img
              key={p}
              src={`/api/v1/opinion-files/${p}`}
              alt="群众上传的图片"
              data-testid="opinion-picture"
              style={{ maxWidth: '100%', width: 200, marginRight: 8 }}
            />
          ))}
        </Descriptions.Item>
        {o.answer && (
          <Descriptions.Item label="答复" span={2}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
              {o.answer}
            </Typography.Paragraph>
          </Descriptions.Item>
        )}
        {o.rating && (
          <Descriptions.Item label="群众评价">
            {o.rating} {o.ratingComment}
          </Descriptions.Item>
        )}
        {o.returnReason && <Descriptions.Item label="退回理由">{o.returnReason}</Descriptions.Item>}
        {o.unreasonableReason && (
          <Descriptions.Item label="不合理认定">{o.unreasonableReason}</Descriptions.Item>
        )}
        {o.problemId && (
          <Descriptions.Item label="关联问题">
            <a href={`/problems/${o.problemId}`}>查看问题</a>
          </Descriptions.Item>
        )}
        {o.mergedCount > 0 && <Descriptions.Item label="重复提交">已合并{o.mergedCount}次</Descriptions.Item>}
      </Descriptions>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        办理过程
      </Typography.Title>
      <Timeline
        items={o.events.map((e) => ({
          children: `${formatTime(e.at)} ${e.actorName} ${EVENT_LABEL[e.action] ?? e.action}${e.comment ? `：${e.comment}` : ''}`,
        }))}
      />
      <Modal
        open={dialog !== null}
        title={dialog?.title}
        onCancel={() => setDialog(null)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => dialog && run(dialog.action, v)}>
          {dialog?.field === 'orgId' && (
            <Form.Item name="orgId" label="承办单位" rules={[{ required: true, message: '请选择承办单位' }]}>
              <OrgSelect data-testid="dispatch-org" />
            </Form.Item>
          )}
          {dialog?.field === 'reason' && (
            <Form.Item name="reason" label="理由" rules={[{ required: true, min: 2, message: '请填写理由' }]}>
              <Input.TextArea rows={3} maxLength={500} />
            </Form.Item>
          )}
          {dialog?.field === 'answer' && (
            <Form.Item
              name="answer"
              label="答复内容"
              rules={[{ required: true, min: 5, message: '答复内容至少5个字' }]}
            >
              <Input.TextArea rows={5} maxLength={3000} showCount data-testid="answer-text" />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </PageCard>
  );
}
