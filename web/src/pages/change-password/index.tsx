import { Alert, Button, Card, Space, Typography } from 'antd';
import { Navigate, useNavigate } from 'react-router-dom';
import { useAuth } from '../../auth/AuthContext';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { Loading } from '../../components/Loading';
import { useI18n } from '../../i18n';
import { PasswordForm } from './PasswordForm';

/** The forced first-login password change (me.mustChangePassword); nothing else is reachable before it. */
export default function ChangePasswordPage() {
  const { t } = useI18n();
  const { status, me, refresh, logout } = useAuth();
  const navigate = useNavigate();

  if (status === 'loading') return <Loading />;
  if (status === 'anonymous' || !me) return <Navigate to="/login" replace />;
  if (!me.mustChangePassword) return <Navigate to="/" replace />;

  return (
    <div className="ls-login">
      <Card style={{ width: 460 }}>
        <Space style={{ width: '100%', justifyContent: 'space-between' }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('password.forcedTitle')}
          </Typography.Title>
          <LanguageSwitch />
        </Space>
        <Alert type="info" showIcon style={{ margin: '16px 0' }} title={t('password.forcedHint')} />
        <PasswordForm
          onDone={() => {
            void refresh().then(() => navigate('/', { replace: true }));
          }}
        />
        <Button type="link" style={{ paddingLeft: 0, marginTop: 8 }} onClick={() => void logout()}>
          {t('auth.logout')}
        </Button>
      </Card>
    </div>
  );
}
