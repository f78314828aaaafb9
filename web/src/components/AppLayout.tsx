import { Suspense, useMemo, useState } from 'react';
import { Alert, Avatar, Button, Dropdown, Layout, Menu, Space, Tag, Tooltip, Typography } from 'antd';
import { HomeOutlined, LogoutOutlined, ProfileOutlined, UserOutlined } from '@ant-design/icons';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useAuth } from '../auth/AuthContext';
import { useI18n } from '../i18n';
import { NAV_ITEMS } from '../nav';
import { LanguageSwitch } from './LanguageSwitch';
import { ScopeSummary } from './ScopeSummary';
import { InboxBadge } from './InboxBadge';
import { CampaignSwitch } from './CampaignSwitch';
import { CurrentCampaignProvider } from './CurrentCampaign';
import { Loading } from './Loading';

const { Header, Sider, Content } = Layout;

export function AppLayout() {
  const { me, meta, can, logout } = useAuth();
  const { t } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  const [narrow, setNarrow] = useState(false);

  const items = useMemo(
    () => [
      { key: '/', icon: <HomeOutlined />, label: t('nav.home') },
      ...NAV_ITEMS.filter((n) => can(n.ability)).map((n) => ({
        key: n.path,
        icon: n.icon,
        label: <span data-testid={`nav-${n.path.slice(1)}`}>{t(n.label)}</span>,
      })),
    ],
    [can, t],
  );
  const selected = NAV_ITEMS.find((n) => location.pathname.startsWith(n.path))?.path ?? location.pathname;

  if (!me) return null;

  const onLogout = async () => {
    await logout().catch(() => undefined);
    navigate('/login', { replace: true });
  };

  return (
    <CurrentCampaignProvider>
      <Layout style={{ minHeight: '100%' }}>
        {/* On a phone the menu folds away to a tab at the edge, so the page gets the whole width. */}
        <Sider
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          width={208}
          theme="dark"
          breakpoint="md"
          collapsedWidth={narrow ? 0 : 80}
          onBreakpoint={setNarrow}
        >
          <div className="ls-brand">
            {collapsed ? t('app.short') : t('app.name')}
            {!collapsed && <small>{t('app.tagline')}</small>}
          </div>
          <Menu
            theme="dark"
            mode="inline"
            selectedKeys={[selected]}
            items={items}
            onClick={({ key }) => navigate(key)}
            data-testid="side-menu"
          />
        </Sider>
        <Layout>
          <Header className="ls-header">
            <div style={{ display: 'flex', alignItems: 'center', gap: 12, minWidth: 0, overflow: 'hidden' }}>
              {meta?.demo && (
                <Tooltip title={t('demo.tooltip')}>
                  <Tag color="orange" data-testid="demo-tag">
                    {t('demo.tag')}
                  </Tag>
                </Tooltip>
              )}
              <ScopeSummary me={me} />
            </div>
            <Space size="middle">
              {!narrow && <CampaignSwitch />}
              <InboxBadge />
              <LanguageSwitch />
              <Dropdown
                menu={{
                  items: [
                    { key: 'profile', icon: <ProfileOutlined />, label: t('nav.profile') },
                    { type: 'divider' },
                    { key: 'logout', icon: <LogoutOutlined />, label: t('auth.logout') },
                  ],
                  onClick: ({ key }) => {
                    if (key === 'profile') navigate('/profile');
                    if (key === 'logout') void onLogout();
                  },
                }}
              >
                <Button type="text" data-testid="user-menu">
                  <Avatar size="small" icon={<UserOutlined />} style={{ background: '#c41d1d' }} />
                  <Typography.Text strong data-testid="user-display-name">
                    {me.displayName}
                  </Typography.Text>
                </Button>
              </Dropdown>
            </Space>
          </Header>
          {meta?.demo && <Alert banner type="warning" title={t('demo.banner')} data-testid="demo-banner" />}
          <Content className="ls-content">
            <Suspense fallback={<Loading />}>
              <Outlet />
            </Suspense>
          </Content>
        </Layout>
      </Layout>
    </CurrentCampaignProvider>
  );
}
