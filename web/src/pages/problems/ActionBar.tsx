import { useState } from 'react';
import { Button, DatePicker, Form, Input, Modal, Radio, Space } from 'antd';
import type dayjs from 'dayjs';
import { ACTION_LABEL, problemApi, type ProblemAction, type ProblemDetail } from '../../api/problems';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';

const NEEDS_REASON: ProblemAction[] = ['return', 'cancel', 'request_extension'];
const ASKS_COMMENT: ProblemAction[] = [...NEEDS_REASON, 'sign_off', 'decide_extension'];

interface Values {
  comment?: string;
  newDeadline?: dayjs.Dayjs;
  approve?: boolean;
}

/** Exactly the transitions the server says the caller may take now (`actions`), each with what it needs. */
export function ActionBar({ p, onChange }: { p: ProblemDetail; onChange: (p: ProblemDetail) => void }) {
  const { t } = useI18n();
  const showError = useApiError();
  const [action, setAction] = useState<ProblemAction | null>(null);
  const [form] = Form.useForm<Values>();

  const run = async (a: ProblemAction, v: Values = {}) => {
    try {
      onChange(
        await problemApi.transition(p.id, {
          action: a,
          version: p.version,
          comment: v.comment,
          newDeadline: v.newDeadline?.format('YYYY-MM-DD'),
          approve: v.approve,
        }),
      );
      setAction(null);
    } catch (e) {
      showError(e, form);
    }
  };

  return (
    <Space wrap data-testid="problem-actions">
      {p.actions.map((a) => (
        <Button
          key={a}
          type={a === 'sign_off' || a === 'submit' ? 'primary' : 'default'}
          danger={a === 'cancel' || a === 'return'}
          data-testid={`action-${a}`}
          onClick={() => (ASKS_COMMENT.includes(a) ? (form.resetFields(), setAction(a)) : run(a))}
        >
          {t(ACTION_LABEL[a])}
        </Button>
      ))}
      <Modal
        open={action !== null}
        title={action ? t(ACTION_LABEL[action]) : ''}
        onCancel={() => setAction(null)}
        onOk={async () => action && run(action, await form.validateFields())}
        okButtonProps={{ 'data-testid': 'action-confirm' } as Record<`data-${string}`, string>}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" initialValues={{ approve: true }}>
          {action === 'request_extension' && (
            <Form.Item
              name="newDeadline"
              label={t('pb.act.extendTo')}
              rules={[{ required: true, message: t('pb.act.pickDate') }]}
            >
              <DatePicker />
            </Form.Item>
          )}
          {action === 'decide_extension' && (
            <Form.Item
              name="approve"
              label={t('pb.act.extendAsk', {
                date: p.extensionDeadline ?? '',
                reason: p.extensionReason ?? '',
              })}
            >
              <Radio.Group
                options={[
                  { value: true, label: t('pb.act.approve') },
                  { value: false, label: t('pb.act.reject') },
                ]}
              />
            </Form.Item>
          )}
          <Form.Item
            name="comment"
            label={
              action === 'sign_off'
                ? t('pb.act.signOffComment')
                : action && NEEDS_REASON.includes(action)
                  ? t('pb.act.reason')
                  : t('pb.act.comment')
            }
            rules={
              action && NEEDS_REASON.includes(action)
                ? [{ required: true, message: t('pb.act.reasonRequired') }]
                : []
            }
          >
            <Input.TextArea rows={3} maxLength={2000} data-testid="action-comment" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
