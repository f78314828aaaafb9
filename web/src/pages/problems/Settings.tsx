import { useI18n } from '../../i18n';
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Form, InputNumber } from 'antd';
import { problemApi, type LedgerSettings } from '../../api/problems';
import { useApiError } from '../../components/useApiError';
import { useCampaignId } from './useCampaign';

/** 台账设置: when a problem's light turns blue (deadline near) or yellow (no progress reported). */
export function Settings() {
  const campaignId = useCampaignId();
  const { message } = App.useApp();
  const showError = useApiError();
  const { t } = useI18n();
  const [settings, setSettings] = useState<LedgerSettings | null>(null);
  const [form] = Form.useForm<{ warnDays: number; reportDays: number }>();
  useEffect(() => {
    if (campaignId)
      problemApi
        .ledgerSettings(campaignId)
        .then((s) => {
          setSettings(s);
          form.setFieldsValue(s);
        })
        .catch(showError);
  }, [campaignId, form, showError]);
  const save = async () => {
    if (!settings) return;
    const v = await form.validateFields();
    try {
      const s = await problemApi.putLedgerSettings(settings.campaignId, { ...v, version: settings.version });
      setSettings(s);
      form.setFieldsValue(s);
      message.success(t('pb.s.saved'));
    } catch (e) {
      showError(e, form);
    }
  };
  const days = (name: 'warnDays' | 'reportDays', label: string, max: number, extra: string) => (
    <Form.Item
      name={name}
      label={label}
      extra={extra}
      rules={[{ required: true, type: 'integer', min: 1, max, message: t('pb.s.range', { max }) }]}
    >
      <InputNumber
        min={1}
        max={max}
        precision={0}
        suffix={t('pb.s.days')}
        disabled={!settings?.canManage}
        data-testid={`settings-${name}`}
      />
    </Form.Item>
  );
  return (
    <Card size="small" title={t('pb.s.title')} style={{ maxWidth: 640 }} loading={!settings}>
      {settings && !settings.canManage && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('pb.s.readonly')} />
      )}
      <Form form={form} layout="vertical">
        {days('warnDays', t('pb.s.warn'), 90, t('pb.s.warnExtra'))}
        {days('reportDays', t('pb.s.report'), 180, t('pb.s.reportExtra'))}
        {settings?.canManage && (
          <Button type="primary" onClick={save} data-testid="settings-save">
            {t('pb.s.save')}
          </Button>
        )}
      </Form>
    </Card>
  );
}
