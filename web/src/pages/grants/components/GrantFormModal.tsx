import { useState } from 'react';
import { Alert, Form, Modal, Select } from 'antd';
import { grantApi } from '../../../api/endpoints';
import type { Grant, Role } from '../../../api/types';
import { OrgSelect } from '../../../components/OrgSelect';
import { useApiError } from '../../../components/useApiError';
import { useI18n } from '../../../i18n';
import { UserSelect } from './UserSelect';

interface Values {
  userId: number;
  roleId: number;
  orgId: number;
}

/** A grant = (user, role, org): the role applies to the org and everything below it. */
export function GrantFormModal({
  open,
  roles,
  onClose,
  onSaved,
}: {
  open: boolean;
  roles: Role[];
  onClose: () => void;
  onSaved: (g: Grant) => void;
}) {
  const { t, locale } = useI18n();
  const showError = useApiError();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);

  const onOk = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    try {
      const g = await grantApi.create(v);
      form.resetFields();
      onSaved(g);
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('grant.createTitle')}
      onCancel={() => {
        form.resetFields();
        onClose();
      }}
      onOk={onOk}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Alert type="info" showIcon title={t('grant.sodHint')} style={{ marginBottom: 16 }} />
      <Form<Values> form={form} layout="vertical">
        <Form.Item name="userId" label={t('grant.user')} rules={[{ required: true }]}>
          <UserSelect />
        </Form.Item>
        <Form.Item name="roleId" label={t('grant.role')} rules={[{ required: true }]}>
          <Select
            options={roles.map((r) => ({
              value: r.id,
              label: `${locale === 'en-US' && r.nameEn ? r.nameEn : r.name}${r.systemRole ? ` · ${t('grant.systemRole')}` : ''}`,
            }))}
          />
        </Form.Item>
        <Form.Item
          name="orgId"
          label={t('grant.org')}
          extra={t('grant.orgHint')}
          rules={[{ required: true }]}
        >
          <OrgSelect />
        </Form.Item>
      </Form>
    </Modal>
  );
}
