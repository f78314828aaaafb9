import { useEffect, useState } from 'react';
import { App, Button, Card, Form, InputNumber, Skeleton } from 'antd';
import { settingsApi } from '../../api/endpoints';
import type { SecuritySettings } from '../../api/types';
import { useApiError } from '../../components/useApiError';
import { useI18n, type MessageKey } from '../../i18n';

type Values = Omit<SecuritySettings, 'version'>;

const FIELDS: { name: keyof Values; label: MessageKey; min: number; max: number; unit?: MessageKey }[] = [
  { name: 'passwordMinLength', label: 'security.passwordMinLength', min: 8, max: 64, unit: 'security.chars' },
  {
    name: 'passwordMinClasses',
    label: 'security.passwordMinClasses',
    min: 1,
    max: 4,
    unit: 'security.classes',
  },
  { name: 'lockoutThreshold', label: 'security.lockoutThreshold', min: 3, max: 20, unit: 'security.times' },
  { name: 'lockoutMinutes', label: 'security.lockoutMinutes', min: 1, max: 1440, unit: 'security.minutes' },
  {
    name: 'sessionTtlMinutes',
    label: 'security.sessionTtlMinutes',
    min: 5,
    max: 10080,
    unit: 'security.minutes',
  },
];

/** 安全设置 (安全保密管理员): password policy, lockout, session length. */
export default function SecurityPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const showError = useApiError();
  const [form] = Form.useForm<Values>();
  const [current, setCurrent] = useState<SecuritySettings | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    settingsApi
      .getSecurity()
      .then((s) => {
        setCurrent(s);
        form.setFieldsValue(s);
      })
      .catch(showError);
  }, [form, showError]);

  const onFinish = async (v: Values) => {
    if (!current) return;
    setBusy(true);
    try {
      const saved = await settingsApi.putSecurity({ ...v, version: current.version });
      setCurrent(saved);
      form.setFieldsValue(saved);
      message.success(t('common.saved'));
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card variant="borderless" title={t('nav.security')}>
      {current ? null : <Skeleton active />}
      <Form<Values>
        form={form}
        layout="horizontal"
        labelCol={{ span: 8 }}
        wrapperCol={{ span: 10 }}
        onFinish={onFinish}
        style={{ maxWidth: 720, display: current ? undefined : 'none' }}
      >
        {FIELDS.map((f) => (
          <Form.Item key={f.name} name={f.name} label={t(f.label)} rules={[{ required: true }]}>
            <InputNumber min={f.min} max={f.max} precision={0} suffix={f.unit ? t(f.unit) : undefined} />
          </Form.Item>
        ))}
        <Form.Item wrapperCol={{ offset: 8 }}>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('common.save')}
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}
