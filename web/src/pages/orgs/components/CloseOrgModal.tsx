import { useState } from 'react';
import { Form, Input, Modal } from 'antd';
import { orgApi } from '../../../api/endpoints';
import type { Org, OrgDetail } from '../../../api/types';
import { useApiError } from '../../../components/useApiError';
import { useI18n } from '../../../i18n';

interface Props {
  org: OrgDetail | null;
  onClose: () => void;
  onDone: (org: Org) => void;
}

/** Close (撤销) an active org or reopen (恢复) a closed one, with a reason kept in the audit log. */
export function CloseOrgModal({ org, onClose, onDone }: Props) {
  const { t } = useI18n();
  const showError = useApiError();
  const [form] = Form.useForm<{ reason?: string }>();
  const [busy, setBusy] = useState(false);
  const closing = org?.active ?? true;

  const onOk = async () => {
    if (!org) return;
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    try {
      const reason = v.reason?.trim() || undefined;
      const res = closing
        ? await orgApi.close(org.id, org.version, reason)
        : await orgApi.reopen(org.id, org.version, reason);
      form.resetFields();
      onDone(res);
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={org !== null}
      title={t(closing ? 'org.closeTitle' : 'org.reopenTitle', { name: org?.name ?? '' })}
      onCancel={() => {
        form.resetFields();
        onClose();
      }}
      onOk={onOk}
      okButtonProps={{ danger: closing }}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item
          name="reason"
          label={t('org.reason')}
          rules={[{ required: closing, whitespace: true, message: t('org.reasonRequired') }, { max: 500 }]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
