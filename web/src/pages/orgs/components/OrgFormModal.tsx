import { useEffect, useState } from 'react';
import { Form, Input, InputNumber, Modal, Select } from 'antd';
import { orgApi } from '../../../api/endpoints';
import type { Org, OrgDetail } from '../../../api/types';
import { useApiError } from '../../../components/useApiError';
import { useI18n } from '../../../i18n';
import type { OrgRefs } from './useOrgRefs';

interface Values {
  name: string;
  shortName?: string;
  kind: string;
  categoryId?: number;
  sortOrder?: number;
}

type Mode = { type: 'create'; parent: OrgDetail } | { type: 'edit'; org: OrgDetail };

interface Props {
  mode: Mode | null;
  refs: OrgRefs;
  onClose: () => void;
  onSaved: (org: Org, mode: Mode) => void;
}

/** Create a child org under `parent`, or edit an org (sends the version it read: a stale one gets 409). */
export function OrgFormModal({ mode, refs, onClose, onSaved }: Props) {
  const { t, locale } = useI18n();
  const showError = useApiError();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!mode) return;
    form.resetFields();
    if (mode.type === 'edit') {
      const o = mode.org;
      form.setFieldsValue({
        name: o.name,
        shortName: o.shortName ?? undefined,
        kind: o.kind,
        categoryId: o.categoryId ?? undefined,
        sortOrder: o.sortOrder,
      });
    } else {
      form.setFieldsValue({ sortOrder: 0 });
    }
  }, [mode, form]);

  const onOk = async () => {
    if (!mode) return;
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    try {
      const body = {
        name: v.name.trim(),
        shortName: v.shortName?.trim() || null,
        kind: v.kind,
        categoryId: v.categoryId ?? null,
        sortOrder: v.sortOrder ?? 0,
      };
      const saved =
        mode.type === 'create'
          ? await orgApi.create({ ...body, parentId: mode.parent.id })
          : await orgApi.update(mode.org.id, { ...body, version: mode.org.version });
      onSaved(saved, mode);
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };

  const title =
    mode?.type === 'create' ? t('org.createUnder', { name: mode.parent.name }) : t('org.editTitle');
  return (
    <Modal
      open={mode !== null}
      title={title}
      onCancel={onClose}
      onOk={onOk}
      confirmLoading={busy}
      okText={t('common.submit')}
      okButtonProps={{ 'data-testid': 'org-form-submit' } as Record<string, string>}
      forceRender
    >
      <Form<Values> form={form} layout="vertical" data-testid="org-form">
        <Form.Item
          name="name"
          label={t('org.name')}
          rules={[{ required: true, whitespace: true, message: t('org.nameRequired') }, { max: 100 }]}
        >
          <Input data-testid="org-name-input" maxLength={100} autoFocus />
        </Form.Item>
        <Form.Item name="shortName" label={t('org.shortName')} rules={[{ max: 50 }]}>
          <Input data-testid="org-shortname-input" maxLength={50} />
        </Form.Item>
        <Form.Item
          name="kind"
          label={t('org.kind')}
          rules={[{ required: true, message: t('org.kindRequired') }]}
        >
          <Select
            data-testid="org-kind-select"
            showSearch={{ optionFilterProp: 'label' }}
            options={refs.kinds.map((k) => ({
              value: k.code,
              label: locale === 'en-US' && k.nameEn ? k.nameEn : k.name,
            }))}
          />
        </Form.Item>
        <Form.Item name="categoryId" label={t('org.category')}>
          <Select
            allowClear
            data-testid="org-category-select"
            showSearch={{ optionFilterProp: 'label' }}
            options={refs.categories.map((c) => ({ value: c.id, label: c.name }))}
          />
        </Form.Item>
        <Form.Item name="sortOrder" label={t('org.sortOrder')}>
          <InputNumber min={0} max={100000} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export type { Mode as OrgFormMode };
