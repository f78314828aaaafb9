import { App, Button, DatePicker, Form, Input, Modal, Space, type ButtonProps } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { campaignApi } from '../../../api/endpoints';
import type { Campaign } from '../../../api/types';
import { useAuth } from '../../../auth/AuthContext';
import { OrgSelect } from '../../../components/OrgSelect';
import { useApiError } from '../../../components/useApiError';
import { useI18n } from '../../../i18n';

interface Values {
  code?: string;
  name: string;
  issuingOrgId?: number;
  generalRequirement?: string;
  fundamentalTask?: string;
  goals?: string;
  phases?: { name: string; dates: [dayjs.Dayjs, dayjs.Dayjs] }[];
}

const DAY = 'YYYY-MM-DD';

/**
 * Creates a campaign or edits one: name, issuing unit (its subtree is the scope), phases with dates, the general
 * requirement, fundamental task and goals. The templates (checklists, directions, key tasks) stay as they are.
 */
export function CampaignForm({
  campaign,
  onClose,
  onSaved,
}: {
  campaign?: Campaign;
  onClose: () => void;
  onSaved: (id: number) => void;
}) {
  const { t } = useI18n();
  const { me } = useAuth();
  const { message } = App.useApp();
  const showError = useApiError();
  const [form] = Form.useForm<Values>();

  const initial: Values = campaign
    ? {
        name: campaign.name,
        generalRequirement: campaign.generalRequirement,
        fundamentalTask: campaign.fundamentalTask,
        goals: campaign.goals.join('\n'),
        phases: campaign.phases.map((p) => ({ name: p.name, dates: [dayjs(p.startsOn), dayjs(p.endsOn)] })),
      }
    : { name: '', issuingOrgId: me?.grants[0]?.orgId, phases: [] };

  const submit = async () => {
    const v = await form.validateFields();
    const body = {
      name: v.name,
      generalRequirement: v.generalRequirement ?? '',
      fundamentalTask: v.fundamentalTask ?? '',
      goals: (v.goals ?? '')
        .split('\n')
        .map((g) => g.trim())
        .filter(Boolean),
      phases: (v.phases ?? []).map((p) => ({
        name: p.name,
        startsOn: p.dates[0].format(DAY),
        endsOn: p.dates[1].format(DAY),
      })),
    };
    try {
      const saved = campaign
        ? await campaignApi.update(campaign.id, { version: campaign.version, ...body })
        : await campaignApi.create({ ...body, code: v.code!, issuingOrgId: v.issuingOrgId!, items: [] });
      message.success(t('campaignForm.saved'));
      onSaved(saved.id);
    } catch (err) {
      showError(err, form);
    }
  };

  return (
    <Modal
      open
      width={720}
      title={campaign ? t('campaignForm.edit') : t('campaignForm.new')}
      onOk={submit}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'campaign-submit' } as ButtonProps}
    >
      <Form form={form} layout="vertical" initialValues={initial}>
        {!campaign && (
          <>
            <Form.Item
              name="code"
              label={t('campaignForm.code')}
              rules={[{ required: true, message: t('campaignForm.codeRequired') }]}
            >
              <Input maxLength={30} data-testid="campaign-code" />
            </Form.Item>
            <Form.Item
              name="issuingOrgId"
              label={t('campaign.issuer')}
              extra={t('campaignForm.scopeHelp')}
              rules={[{ required: true, message: t('campaignForm.issuerRequired') }]}
            >
              <OrgSelect initialLabel={me?.grants[0]?.orgName} />
            </Form.Item>
          </>
        )}
        <Form.Item
          name="name"
          label={t('campaign.name')}
          rules={[{ required: true, message: t('campaignForm.nameRequired') }]}
        >
          <Input maxLength={200} data-testid="campaign-name" />
        </Form.Item>
        <Form.Item label={t('campaignForm.phases')}>
          <Form.List name="phases">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline">
                    <Form.Item
                      name={[f.name, 'name']}
                      rules={[{ required: true, message: t('campaignForm.phaseNameRequired') }]}
                    >
                      <Input placeholder={t('campaignForm.phaseName')} maxLength={50} />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'dates']}
                      rules={[{ required: true, message: t('campaignForm.phaseDatesRequired') }]}
                    >
                      <DatePicker.RangePicker />
                    </Form.Item>
                    <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(f.name)} />
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()}>
                  {t('campaignForm.addPhase')}
                </Button>
              </>
            )}
          </Form.List>
        </Form.Item>
        <Form.Item name="generalRequirement" label={t('campaign.generalRequirement')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <Form.Item name="fundamentalTask" label={t('campaign.fundamentalTask')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <Form.Item name="goals" label={t('campaign.goals')} extra={t('campaignForm.goalsHelp')}>
          <Input.TextArea rows={4} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
