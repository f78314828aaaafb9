import { useCallback, useEffect, useState } from 'react';
import { App, Button, Descriptions, Form, Input, Modal, Space, Tag, Timeline, Typography } from 'antd';
import { useParams } from 'react-router-dom';
import { LIGHT_COLOR, opinionApi, type OpinionDetail } from '../../api/opinions';
import { useAuth } from '../../auth/AuthContext';
import { OrgSelect } from '../../components/OrgSelect';
import { PageCard } from '../../components/PageCard';
import { useApiError } from '../../components/useApiError';
import { useI18n, type MessageKey } from '../../i18n';
import { categoryText, statusText, useOpinionTime } from './labels';

type Dialog = null | { action: string; title: MessageKey; field?: 'reason' | 'answer' | 'orgId' };

const ACTION_LABEL: Record<string, Dialog> = {
  dispatch: { action: 'dispatch', title: 'opinions.act.dispatch', field: 'orgId' },
  sign: { action: 'sign', title: 'opinions.act.sign' },
  return: { action: 'return', title: 'opinions.act.return', field: 'reason' },
  answer: { action: 'answer', title: 'opinions.act.answer', field: 'answer' },
  close: { action: 'close', title: 'opinions.act.close', field: 'reason' },
};

/** The timeline steps this client has a label for (the server records the action's code): `opinions.event.<code>`. */
const EVENTS = [
  'submit',
  'dispatch',
  'sign',
  'return',
  'answer',
  'reopen',
  'rate',
  'close',
  'publish',
  'unpublish',
  'unreasonable',
  'ununreasonable',
  'hide',
  'unhide',
  'to_problem',
] as const;
const isEvent = (a: string): a is (typeof EVENTS)[number] => (EVENTS as readonly string[]).includes(a);

/** One opinion: contact (dispatcher and assigned unit only), timeline, and the actions the machine allows. */
export default function OpinionDetailPage() {
  const id = Number(useParams().id);
  const { can } = useAuth();
  const { t } = useI18n();
  const formatTime = useOpinionTime();
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
      message.success(t('opinions.done'));
    } catch (e) {
      showError(e, form);
    }
  };
  const flag = (f: string, on: boolean, label: MessageKey) => {
    let reason = '';
    Modal.confirm({
      title: t(label),
      content:
        f === 'publish' ? undefined : (
          <Input.TextArea
            rows={3}
            placeholder={t('opinions.reasonRequired')}
            onChange={(e) => (reason = e.target.value)}
          />
        ),
      onOk: () => run(f, { on, reason: reason || undefined }),
    });
  };

  if (!o) return <PageCard title={t('opinions.titleShort')}>…</PageCard>;
  const dispatcher = can('opinion.dispatch');
  return (
    <PageCard
      title={
        <Space>
          {o.code} <Tag color={LIGHT_COLOR[o.light]}>{t(`opinions.light.${o.light}`)}</Tag>
          <Tag data-testid="opinion-status">{statusText(t, o.status, o.statusLabel)}</Tag>
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
                {t(ACTION_LABEL[a].title)}
              </Button>
            ) : null,
          )}
          {dispatcher && o.answer && o.agreePublic && (
            <Button
              onClick={() =>
                flag(
                  'publish',
                  !o.answerPublished,
                  o.answerPublished ? 'opinions.act.unpublish' : 'opinions.act.publish',
                )
              }
            >
              {t(o.answerPublished ? 'opinions.act.unpublish' : 'opinions.act.publish')}
            </Button>
          )}
          {dispatcher && (
            <Button
              onClick={() =>
                flag(
                  'unreasonable',
                  !o.unreasonable,
                  o.unreasonable ? 'opinions.act.unmarkUnreasonable' : 'opinions.act.markUnreasonable',
                )
              }
            >
              {t(o.unreasonable ? 'opinions.act.unmarkUnreasonable' : 'opinions.act.unreasonable')}
            </Button>
          )}
          {dispatcher && (
            <Button
              danger
              onClick={() => flag('hide', !o.hidden, o.hidden ? 'opinions.act.unhide' : 'opinions.act.hide')}
            >
              {t(o.hidden ? 'opinions.act.unhide' : 'opinions.act.hide')}
            </Button>
          )}
        </Space>
      }
    >
      <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered>
        <Descriptions.Item label={t('opinions.category')}>{categoryText(t, o.category)}</Descriptions.Item>
        <Descriptions.Item label={t('opinions.org')}>
          {o.orgName ?? t('opinions.status.submitted')}
        </Descriptions.Item>
        <Descriptions.Item label={t('opinions.submittedAt')}>{formatTime(o.submittedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('opinions.signDeadline')}>{formatTime(o.signDeadline)}</Descriptions.Item>
        <Descriptions.Item label={t('opinions.answerDeadline')}>
          {formatTime(o.answerDeadline)}
        </Descriptions.Item>
        <Descriptions.Item label={t('opinions.contact')}>
          <span data-testid="opinion-contact">
            {o.submitterName ?? t('opinions.contactNone')} {o.submitterPhone ?? ''}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('opinions.text')} span={2}>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{o.text}</Typography.Paragraph>
          {o.pictureIds.map((p) => (
            <img
              key={p}
              src={`/api/v1/opinion-files/${p}`}
              alt={t('opinions.pictureAlt')}
              data-testid="opinion-picture"
              style={{ maxWidth: '100%', width: 200, marginRight: 8 }}
            />
          ))}
        </Descriptions.Item>
        {o.answer && (
          <Descriptions.Item label={t('opinions.answer')} span={2}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
              {o.answer}
            </Typography.Paragraph>
          </Descriptions.Item>
        )}
        {o.rating && (
          <Descriptions.Item label={t('opinions.rating')}>
            {o.rating} {o.ratingComment}
          </Descriptions.Item>
        )}
        {o.returnReason && (
          <Descriptions.Item label={t('opinions.returnReason')}>{o.returnReason}</Descriptions.Item>
        )}
        {o.unreasonableReason && (
          <Descriptions.Item label={t('opinions.unreasonableReason')}>
            {o.unreasonableReason}
          </Descriptions.Item>
        )}
        {o.problemId && (
          <Descriptions.Item label={t('opinions.problem')}>
            <a href={`/problems/${o.problemId}`}>{t('opinions.viewProblem')}</a>
          </Descriptions.Item>
        )}
        {o.mergedCount > 0 && (
          <Descriptions.Item label={t('opinions.merged')}>
            {t('opinions.mergedCount', { n: o.mergedCount })}
          </Descriptions.Item>
        )}
      </Descriptions>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('opinions.process')}
      </Typography.Title>
      <Timeline
        items={o.events.map((e) => ({
          children: `${formatTime(e.at)} ${e.actorName} ${isEvent(e.action) ? t(`opinions.event.${e.action}`) : e.action}${e.comment ? t('opinions.eventComment', { comment: e.comment }) : ''}`,
        }))}
      />
      <Modal
        open={dialog !== null}
        title={dialog && t(dialog.title)}
        onCancel={() => setDialog(null)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => dialog && run(dialog.action, v)}>
          {dialog?.field === 'orgId' && (
            <Form.Item
              name="orgId"
              label={t('opinions.org')}
              rules={[{ required: true, message: t('opinions.orgMissing') }]}
            >
              <OrgSelect data-testid="dispatch-org" />
            </Form.Item>
          )}
          {dialog?.field === 'reason' && (
            <Form.Item
              name="reason"
              label={t('opinions.reason')}
              rules={[{ required: true, min: 2, message: t('opinions.reasonMissing') }]}
            >
              <Input.TextArea rows={3} maxLength={500} />
            </Form.Item>
          )}
          {dialog?.field === 'answer' && (
            <Form.Item
              name="answer"
              label={t('opinions.answerText')}
              rules={[{ required: true, min: 5, message: t('opinions.answerTooShort') }]}
            >
              <Input.TextArea rows={5} maxLength={3000} showCount data-testid="answer-text" />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </PageCard>
  );
}
