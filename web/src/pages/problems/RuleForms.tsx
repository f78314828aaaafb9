import { useI18n } from '../../i18n';
import { useState } from 'react';
import { App, DatePicker, Form, Input, Modal } from 'antd';
import type dayjs from 'dayjs';
import { problemApi, type Rule } from '../../api/problems';
import { OrgSelect } from '../../components/OrgSelect';
import { useApiError } from '../../components/useApiError';
import { ProblemPicker } from './ProblemPicker';

interface RuleValues {
  orgId: number;
  title: string;
  docNumber?: string;
  issuedOn?: dayjs.Dayjs;
  body?: string;
  problemIds?: number[];
}

/** 建章立制: records a rule or system an org adopted, with its text, and the problems it addresses. */
export function RuleModal({
  open,
  campaignId,
  onClose,
  onSaved,
}: {
  open: boolean;
  campaignId?: number;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [form] = Form.useForm<RuleValues>();
  const { message } = App.useApp();
  const showError = useApiError();
  const { t } = useI18n();
  const orgId = Form.useWatch('orgId', form);
  const [file, setFile] = useState<File | null>(null);
  const save = async () => {
    const v = await form.validateFields();
    try {
      const rule = await problemApi.createRule({
        ...v,
        campaignId,
        issuedOn: v.issuedOn ? v.issuedOn.format('YYYY-MM-DD') : null,
      });
      if (file) await problemApi.uploadRuleFile(rule.id, file);
      setFile(null);
      message.success(t('pb.ru.registered'));
      onSaved();
    } catch (e) {
      showError(e, form);
    }
  };
  return (
    <Modal
      title={t('pb.ru.newTitle')}
      open={open}
      onOk={save}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'rule-save' } as Record<string, string>}
      width={680}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item
          name="orgId"
          label={t('pb.ru.org')}
          rules={[{ required: true, message: t('pb.ru.orgRequired') }]}
        >
          <OrgSelect data-testid="rule-org" />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('pb.ru.name')}
          rules={[{ required: true, message: t('pb.ru.nameRequired') }]}
        >
          <Input maxLength={200} data-testid="rule-title" />
        </Form.Item>
        <Form.Item name="docNumber" label={t('pb.ru.doc')} style={{ display: 'inline-block', width: '60%' }}>
          <Input maxLength={100} placeholder={t('pb.ru.docPh')} data-testid="rule-doc" />
        </Form.Item>
        <Form.Item
          name="issuedOn"
          label={t('pb.ru.issuedOn')}
          style={{ display: 'inline-block', width: '36%', marginLeft: '4%' }}
        >
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="body" label={t('pb.ru.body')}>
          <Input.TextArea rows={5} maxLength={20000} data-testid="rule-body" />
        </Form.Item>
        <Form.Item label={t('pb.ru.file')} extra={t('pb.ru.fileExtra')}>
          <input
            type="file"
            accept=".pdf,.docx,.png,.jpg,.jpeg,.txt,.xlsx"
            data-testid="rule-file"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </Form.Item>
        <Form.Item name="problemIds" label={t('pb.ru.problems')}>
          <ProblemPicker orgId={orgId} data-testid="rule-problems" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Links more problems to an existing rule. */
export function RuleLinkModal({
  rule,
  onClose,
  onSaved,
}: {
  rule: Rule | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [form] = Form.useForm<{ problemIds: number[] }>();
  const { message } = App.useApp();
  const showError = useApiError();
  const { t } = useI18n();
  const save = async () => {
    if (!rule) return;
    const v = await form.validateFields();
    try {
      await problemApi.linkRule(rule.id, { version: rule.version, problemIds: v.problemIds });
      message.success(t('pb.ru.linked'));
      onSaved();
    } catch (e) {
      showError(e, form);
    }
  };
  return (
    <Modal
      title={t('pb.ru.linkTitle', { title: rule?.title ?? '' })}
      open={rule !== null}
      onOk={save}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'rule-link-save' } as Record<string, string>}
      width={640}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item
          name="problemIds"
          label={t('pb.ru.linkLabel', { org: rule?.orgName ?? '' })}
          rules={[{ required: true, message: t('pb.ru.linkRequired') }]}
        >
          <ProblemPicker orgId={rule?.orgId} data-testid="rule-link-problems" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
