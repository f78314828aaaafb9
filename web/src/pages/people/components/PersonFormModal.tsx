import { useEffect, useState } from 'react';
import { Form, Input, Modal, Select } from 'antd';
import { peopleApi } from '../../../api/endpoints';
import {
  GENDERS,
  POLITICAL_STATUSES,
  type Gender,
  type Person,
  type PoliticalStatus,
} from '../../../api/types';
import { OrgSelect } from '../../../components/OrgSelect';
import { useApiError } from '../../../components/useApiError';
import { useI18n } from '../../../i18n';
import { genderLabel, statusLabel } from './labels';

interface Values {
  orgId: number;
  name: string;
  gender: Gender;
  position?: string;
  politicalStatus: PoliticalStatus;
  phone?: string;
}

interface Props {
  /** null: closed; 'new': create; a person: edit */
  target: Person | 'new' | null;
  onClose: () => void;
  onSaved: (p: Person) => void;
}

/** Create or edit a person; the server's field messages (e.g. a bad phone number) land on the inputs. */
export function PersonFormModal({ target, onClose, onSaved }: Props) {
  const { t, locale } = useI18n();
  const showError = useApiError();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const editing = target !== null && target !== 'new' ? target : null;

  useEffect(() => {
    if (target === null) return;
    form.resetFields();
    if (target !== 'new') {
      form.setFieldsValue({
        orgId: target.orgId,
        name: target.name,
        gender: target.gender as Gender,
        position: target.position ?? undefined,
        politicalStatus: target.politicalStatus as PoliticalStatus,
        // A masked number is not a value to send back: leave it blank unless the user types a new one.
        phone: target.phoneMasked ? undefined : (target.phone ?? undefined),
      });
    } else {
      form.setFieldsValue({ gender: '男', politicalStatus: '中共党员' });
    }
  }, [target, form]);

  const onOk = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    try {
      const phone = v.phone?.trim() || null;
      const body = {
        orgId: v.orgId,
        name: v.name.trim(),
        gender: v.gender,
        position: v.position?.trim() || null,
        politicalStatus: v.politicalStatus,
      };
      const saved = editing
        ? await peopleApi.update(editing.id, {
            ...body,
            version: editing.version,
            ...(editing.phoneMasked && !phone ? {} : { phone }),
          })
        : await peopleApi.create({ ...body, phone });
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
      title={editing ? t('person.editTitle') : t('person.createTitle')}
      onCancel={onClose}
      onOk={onOk}
      confirmLoading={busy}
      forceRender
    >
      <Form<Values> form={form} layout="vertical" data-testid="person-form">
        <Form.Item
          name="name"
          label={t('person.name')}
          rules={[{ required: true, whitespace: true }, { max: 50 }]}
        >
          <Input maxLength={50} data-testid="person-name-input" />
        </Form.Item>
        <Form.Item name="orgId" label={t('person.org')} rules={[{ required: true }]}>
          <OrgSelect initialLabel={editing?.orgName} />
        </Form.Item>
        <Form.Item name="gender" label={t('person.gender')} rules={[{ required: true }]}>
          <Select options={GENDERS.map((g) => ({ value: g, label: genderLabel(g, locale) }))} />
        </Form.Item>
        <Form.Item name="politicalStatus" label={t('person.politicalStatus')} rules={[{ required: true }]}>
          <Select options={POLITICAL_STATUSES.map((s) => ({ value: s, label: statusLabel(s, locale) }))} />
        </Form.Item>
        <Form.Item name="position" label={t('person.position')} rules={[{ max: 50 }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('person.phone')}
          extra={
            editing?.phoneMasked ? t('person.phoneMaskedHint', { phone: editing.phone ?? '' }) : undefined
          }
        >
          <Input maxLength={20} data-testid="person-phone-input" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
