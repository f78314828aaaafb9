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
      message.success('台账设置已保存，亮灯随即按新阈值计算');
    } catch (e) {
      showError(e, form);
    }
  };
  const days = (name: 'warnDays' | 'reportDays', label: string, max: number, extra: string) => (
    <Form.Item
      name={name}
      label={label}
      extra={extra}
      rules={[{ required: true, type: 'integer', min: 1, max, message: `请填写 1 至 ${max} 之间的整数` }]}
    >
      <InputNumber
        min={1}
        max={max}
        precision={0}
        suffix="天"
        disabled={!settings?.canManage}
        data-testid={`settings-${name}`}
      />
    </Form.Item>
  );
  return (
    <Card size="small" title="亮灯阈值" style={{ maxWidth: 640 }} loading={!settings}>
      {settings && !settings.canManage && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          message="亮灯阈值由活动牵头单位的主题教育办公室设置，您可查看。"
        />
      )}
      <Form form={form} layout="vertical">
        {days('warnDays', '临期预警（蓝灯）', 90, '距整改时限不超过该天数的在办问题亮蓝灯。')}
        {days(
          'reportDays',
          '进展报告周期（黄灯）',
          180,
          '超过该天数未报告整改进展，或有措施逾期的，亮黄灯。',
        )}
        {settings?.canManage && (
          <Button type="primary" onClick={save} data-testid="settings-save">
            保存
          </Button>
        )}
      </Form>
    </Card>
  );
}
