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
      message.success('制度已登记');
      onSaved();
    } catch (e) {
      showError(e, form);
    }
  };
  return (
    <Modal
      title="登记制度（建章立制）"
      open={open}
      onOk={save}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'rule-save' } as Record<string, string>}
      width={680}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item name="orgId" label="制定单位" rules={[{ required: true, message: '请选择制定单位' }]}>
          <OrgSelect data-testid="rule-org" />
        </Form.Item>
        <Form.Item name="title" label="制度名称" rules={[{ required: true, message: '请填写制度名称' }]}>
          <Input maxLength={200} data-testid="rule-title" />
        </Form.Item>
        <Form.Item name="docNumber" label="文号" style={{ display: 'inline-block', width: '60%' }}>
          <Input maxLength={100} placeholder="如：东委办发〔2023〕12号" data-testid="rule-doc" />
        </Form.Item>
        <Form.Item
          name="issuedOn"
          label="印发日期"
          style={{ display: 'inline-block', width: '36%', marginLeft: '4%' }}
        >
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="body" label="制度正文或要点">
          <Input.TextArea rows={5} maxLength={20000} data-testid="rule-body" />
        </Form.Item>
        <Form.Item
          label="制度文件"
          extra="PDF、Word、图片或文本，不超过 10 MB；可只填正文、只传文件，或两者都有。"
        >
          <input
            type="file"
            accept=".pdf,.docx,.png,.jpg,.jpeg,.txt,.xlsx"
            data-testid="rule-file"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </Form.Item>
        <Form.Item name="problemIds" label="针对的问题（本单位及下级单位）">
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
  const save = async () => {
    if (!rule) return;
    const v = await form.validateFields();
    try {
      await problemApi.linkRule(rule.id, { version: rule.version, problemIds: v.problemIds });
      message.success('已关联问题');
      onSaved();
    } catch (e) {
      showError(e, form);
    }
  };
  return (
    <Modal
      title={`关联问题：${rule?.title ?? ''}`}
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
          label={`${rule?.orgName ?? ''}及下级单位的问题`}
          rules={[{ required: true, message: '请选择要关联的问题' }]}
        >
          <ProblemPicker orgId={rule?.orgId} data-testid="rule-link-problems" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
