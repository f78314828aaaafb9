import { useState } from 'react';
import { App, Button, Card, Col, Descriptions, Form, Input, Row, Select, Tag } from 'antd';
import { authApi } from '../../api/endpoints';
import type { Locale } from '../../api/types';
import { useAuth } from '../../auth/AuthContext';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';
import { PasswordForm } from '../change-password/PasswordForm';

interface Values {
  displayName: string;
  locale: Locale;
}

export default function ProfilePage() {
  const { t, setLocale } = useI18n();
  const { me, setMe } = useAuth();
  const { message } = App.useApp();
  const showError = useApiError();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  if (!me) return null;

  const onFinish = async (v: Values) => {
    setBusy(true);
    try {
      const next = await authApi.updateMe({ displayName: v.displayName, locale: v.locale });
      setMe(next);
      setLocale(v.locale);
      message.success(t('common.saved'));
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={12}>
        <Card title={t('profile.title')} variant="borderless">
          <Descriptions column={1} size="small" style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('profile.username')}>{me.username}</Descriptions.Item>
            <Descriptions.Item label={t('profile.org')}>{me.orgName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('profile.grants')}>
              {me.grants.length
                ? me.grants.map((g) => (
                    <Tag key={g.grantId} color="red">
                      {g.roleName} @ {g.orgName}
                    </Tag>
                  ))
                : '—'}
            </Descriptions.Item>
            {me.supervised.length > 0 && (
              <Descriptions.Item label={t('profile.supervised')}>
                {me.supervised.map((s) => (
                  <Tag key={`${s.groupId}-${s.orgId}`} color="blue">
                    {s.groupName} → {s.orgName}
                  </Tag>
                ))}
              </Descriptions.Item>
            )}
          </Descriptions>
          <Form<Values>
            form={form}
            layout="vertical"
            initialValues={{ displayName: me.displayName, locale: me.locale }}
            onFinish={onFinish}
            style={{ maxWidth: 420 }}
          >
            <Form.Item
              name="displayName"
              label={t('profile.displayName')}
              rules={[{ required: true, max: 64 }]}
            >
              <Input />
            </Form.Item>
            <Form.Item name="locale" label={t('profile.locale')}>
              <Select<Locale>
                options={[
                  { value: 'zh-CN', label: '中文（简体）' },
                  { value: 'en-US', label: 'English' },
                ]}
              />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy}>
              {t('common.save')}
            </Button>
          </Form>
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card title={t('password.title')} variant="borderless">
          <PasswordForm onDone={() => undefined} />
        </Card>
      </Col>
    </Row>
  );
}
