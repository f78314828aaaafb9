import { useEffect, useState } from 'react';
import { Form, Input, Modal, Switch } from 'antd';
import { userApi } from '../../../api/endpoints';
import type { User } from '../../../api/types';
import { OrgSelect } from '../../../components/OrgSelect';
import { useApiError } from '../../../components/useApiError';
import { useI18n } from '../../../i18n';

interface Values {
  username: string;
  displayName: string;
  orgId: number;
  password?: string;
  active?: boolean;
}

interface Props {
  target: User | 'new' | null;
  onClose: () => void;
  onSaved: (u: User) => void;
}

/** New account (with an initial password the user must change) or edit name, home org, active. */
export function UserFormModal({ target, onClose, onSaved }: Props) {
  const { t } = useI18n();
  const showError = useApiError();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const editing = target !== null && target !== 'new' ? target : null;

  useEffect(() => {
    if (target === null) return;
    form.resetFields();
    if (target !== 'new') {
      form.setFieldsValue({
        username: target.username,
        displayName: target.displayName,
        orgId: target.orgId ?? undefined,
        active: target.active,
      });
    }
  }, [target, form]);

  const onOk = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    try {
      const saved = editing
        ? await userApi.update(editing.id, {
            version: editing.version,
            displayName: v.displayName.trim(),
            orgId: v.orgId,
            active: v.active,
          })
        : await userApi.create({
            username: v.username.trim(),
            displayName: v.displayName.trim(),
            orgId: v.orgId,
            password: v.password ?? '',
          });
      onSaved(saved);
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={target !== null}
      title={editing ? t('user.editTitle') : t('user.createTitle')}
      onCancel={onClose}
      onOk={onOk}
      confirmLoading={busy}
      forceRender
    >
      <Form<Values> form={form} layout="vertical">
        <Form.Item
          name="username"
          label={t('user.username')}
          extra={editing ? undefined : t('user.usernameHint')}
          rules={[
            { required: true, whitespace: true },
            { min: 3, max: 32 },
          ]}
        >
          <Input disabled={editing !== null} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('user.displayName')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item name="orgId" label={t('user.org')} rules={[{ required: true }]}>
          <OrgSelect initialLabel={editing?.orgName ?? undefined} />
        </Form.Item>
        {editing ? (
          <Form.Item name="active" label={t('user.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        ) : (
          <Form.Item
            name="password"
            label={t('user.initialPassword')}
            extra={t('user.initialPasswordHint')}
            rules={[{ required: true }]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
