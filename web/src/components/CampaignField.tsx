import { Form, Select } from 'antd';
import { useI18n } from '../i18n';
import { useCurrentCampaign } from './CurrentCampaign';

/** The `campaignId` form item of records that belong to a campaign; the current campaign is the usual default. */
export function CampaignField() {
  const { t } = useI18n();
  const { campaigns } = useCurrentCampaign();
  return (
    <Form.Item
      name="campaignId"
      label={t('task.campaign')}
      rules={[{ required: true, message: t('task.campaignRequired') }]}
    >
      <Select options={(campaigns ?? []).map((c) => ({ value: c.id, label: c.name }))} />
    </Form.Item>
  );
}
