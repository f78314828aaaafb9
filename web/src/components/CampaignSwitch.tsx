import { Select } from 'antd';
import { useI18n } from '../i18n';
import { useCurrentCampaign } from './CurrentCampaign';

/** The header's current-campaign switch; every campaign-scoped page follows it. */
export function CampaignSwitch() {
  const { t } = useI18n();
  const { campaigns, campaignId, setCampaignId } = useCurrentCampaign();
  if (!campaigns?.length) return null;
  return (
    <Select
      size="small"
      value={campaignId}
      onChange={setCampaignId}
      style={{ minWidth: 200, maxWidth: 320 }}
      aria-label={t('campaignSwitch.label')}
      title={t('campaignSwitch.label')}
      data-testid="campaign-switch"
      options={campaigns.map((c) => ({ value: c.id, label: c.name }))}
    />
  );
}
