import { useState } from 'react';
import { Form, Input, Modal } from 'antd';
import { userApi } from '../../../api/endpoints';
import type { User } from '../../../api/types';
import { useApiError } from '../../../components/useApiError';
import { useI18n } from '../../../i18n';

/** Sets a new initial password; the user must change it at the next login. */
export function ResetPasswordModal({
  user,
  onClose,
  onDone,
}: {
  user: User | null;
  onClose: () => void;
  onDone: (u: User) => void;
}) {
  const { t } = useI18n();
  const showError = useApiError();
  const [form] = Form.useForm<{ password: string }>();
  const [busy, setBusy] = useState(false);

  const onOk = async () => {
    if (!user) return;
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    try {
      const u = await userApi.resetPassword(user.id, v.password);
      form.resetFields();
      onDone(u);
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={user !== null}
      title={t('user.resetTitle', { name: user?.displayName ?? '' })}
      onCancel={() => {
        form.resetFields();
        onClose();
      }}
      onOk={onOk}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item
          name="password"
          label={t('user.initialPassword')}
          extra={t('user.initialPasswordHint')}
          rules={[{ required: true }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
