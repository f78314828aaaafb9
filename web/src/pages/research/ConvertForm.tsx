import { DatePicker, Form, Input, Modal, Radio, Select } from 'antd';
import type dayjs from 'dayjs';
import { researchApi, type Conversion, type Finding, type ResearchDetail } from '../../api/study';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';

/** The general problem categories (the ledger's 问题类别 besides the checklist items). */
const CATEGORIES = ['理论学习', '政治素质', '能力本领', '担当作为', '工作作风', '廉洁自律'];

interface Values {
  kind: Conversion['kind'];
  title?: string;
  category?: string;
  deadline?: dayjs.Dayjs;
  body?: string;
  measure?: string;
}

/** 成果转化: one finding becomes a ledger problem (source 调研发现), a rule, or a measure taken. */
export function ConvertForm({
  finding,
  onClose,
  onSaved,
}: {
  finding: Finding;
  onClose: () => void;
  onSaved: (d: ResearchDetail) => void;
}) {
  const { t } = useI18n();
  const showError = useApiError();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form);
  const required = [{ required: true, message: t('research.required') }];

  const submit = async () => {
    const v = await form.validateFields();
    const body: Conversion =
      v.kind === 'problem'
        ? {
            kind: 'problem',
            title: v.title,
            category: v.category!,
            deadline: v.deadline!.format('YYYY-MM-DD'),
          }
        : v.kind === 'rule'
          ? { kind: 'rule', title: v.title!, body: v.body }
          : { kind: 'measure', measure: v.measure! };
    try {
      onSaved(await researchApi.convert(finding.id, body));
    } catch (err) {
      showError(err, form);
    }
  };

  return (
    <Modal open title={t('research.convert')} onOk={submit} onCancel={onClose}>
      <p>{finding.text}</p>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: 'problem', title: finding.text.slice(0, 200) }}
      >
        <Form.Item name="kind" label={t('research.convertTo')}>
          <Radio.Group
            options={(['problem', 'rule', 'measure'] as const).map((k) => ({
              value: k,
              label: t(`research.conv.${k}`),
            }))}
          />
        </Form.Item>
        {kind !== 'measure' && (
          <Form.Item
            name="title"
            label={kind === 'rule' ? t('research.ruleTitle') : t('research.name')}
            rules={kind === 'rule' ? required : []}
          >
            <Input maxLength={200} />
          </Form.Item>
        )}
        {kind === 'problem' && (
          <>
            <Form.Item name="category" label={t('research.category')} rules={required}>
              <Select options={CATEGORIES.map((c) => ({ value: c, label: c }))} />
            </Form.Item>
            <Form.Item name="deadline" label={t('research.deadline')} rules={required}>
              <DatePicker />
            </Form.Item>
          </>
        )}
        {kind === 'rule' && (
          <Form.Item name="body" label={t('research.ruleTitle')}>
            <Input.TextArea rows={4} maxLength={20000} />
          </Form.Item>
        )}
        {kind === 'measure' && (
          <Form.Item name="measure" label={t('research.measure')} rules={required}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
