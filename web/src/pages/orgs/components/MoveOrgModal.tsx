import { useState } from 'react';
import { Alert, Form, Modal } from 'antd';
import { orgApi } from '../../../api/endpoints';
import type { Org, OrgDetail } from '../../../api/types';
import { OrgSelect } from '../../../components/OrgSelect';
import { useApiError } from '../../../components/useApiError';
import { useI18n } from '../../../i18n';

interface Props {
  org: OrgDetail | null;
  onClose: () => void;
  onMoved: (org: Org, fromParentId: number | null) => void;
}

/** Move an org (and its subtree) under a new parent picked by search; needs org.write at both ends. */
export function MoveOrgModal({ org, onClose, onMoved }: Props) {
  const { t } = useI18n();
  const showError = useApiError();
  const [form] = Form.useForm<{ parentId: number }>();
  const [busy, setBusy] = useState(false);

  const onOk = async () => {
    if (!org) return;
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    try {
      const moved = await orgApi.move(org.id, org.version, v.parentId);
      form.resetFields();
      onMoved(moved, org.parentId);
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={org !== null}
      title={t('org.moveTitle', { name: org?.name ?? '' })}
      onCancel={() => {
        form.resetFields();
        onClose();
      }}
      onOk={onOk}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Alert type="info" showIcon title={t('org.moveHint')} style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical">
        <Form.Item name="parentId" label={t('org.newParent')} rules={[{ required: true }]}>
          <OrgSelect excludeId={org?.id} data-testid="org-move-parent" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
