import { useCallback, useEffect, useState } from 'react';
import { App, Button, Card, Input, Select, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { userApi } from '../../api/endpoints';
import type { Page, User } from '../../api/types';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';
import { ResetPasswordModal } from './components/ResetPasswordModal';
import { UserFormModal } from './components/UserFormModal';

/** 用户管理 (系统管理员): accounts only; what an account may do is granted on the 授权管理 page. */
export default function UsersPage() {
  const { t, fmtDateTime } = useI18n();
  const { message } = App.useApp();
  const showError = useApiError();
  const [q, setQ] = useState('');
  const [active, setActive] = useState<'true' | 'false' | 'all'>('all');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Page<User>>({ items: [], total: 0 });
  const [loading, setLoading] = useState(false);
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);

  const load = useCallback(() => {
    setLoading(true);
    userApi
      .list({
        q: q.trim() || undefined,
        active: active === 'all' ? undefined : active === 'true',
        page,
        pageSize: 20,
      })
      .then(setData)
      .catch(showError)
      .finally(() => setLoading(false));
  }, [q, active, page, showError]);

  useEffect(load, [load]);

  const unlock = async (u: User) => {
    try {
      await userApi.unlock(u.id);
      message.success(t('user.unlocked'));
      load();
    } catch (e) {
      showError(e);
    }
  };

  return (
    <Card
      variant="borderless"
      title={t('nav.users')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          {t('user.create')}
        </Button>
      }
    >
      <Space style={{ marginBottom: 16 }} wrap>
        <Input.Search
          allowClear
          placeholder={t('user.qPlaceholder')}
          style={{ width: 240 }}
          onSearch={(v) => {
            setPage(1);
            setQ(v);
          }}
        />
        <Select
          value={active}
          style={{ width: 120 }}
          onChange={(v) => {
            setPage(1);
            setActive(v);
          }}
          options={[
            { value: 'all', label: t('common.all') },
            { value: 'true', label: t('user.activeYes') },
            { value: 'false', label: t('user.activeNo') },
          ]}
        />
      </Space>
      <Table<User>
        rowKey="id"
        loading={loading}
        dataSource={data.items}
        pagination={{
          current: page,
          pageSize: 20,
          total: data.total,
          showTotal: (n) => t('common.total', { n }),
          onChange: setPage,
        }}
        columns={[
          { title: t('user.username'), dataIndex: 'username', width: 150 },
          { title: t('user.displayName'), dataIndex: 'displayName', width: 140 },
          {
            title: t('user.org'),
            dataIndex: 'orgName',
            ellipsis: true,
            render: (v: string | null) => v ?? '—',
          },
          {
            title: t('user.roles'),
            dataIndex: 'roles',
            render: (roles: string[]) => roles.map((r) => <Tag key={r}>{r}</Tag>),
          },
          {
            title: t('user.status'),
            key: 'status',
            width: 160,
            render: (_: unknown, u) => (
              <Space size={2} wrap>
                {u.active ? <Tag color="green">{t('user.activeYes')}</Tag> : <Tag>{t('user.activeNo')}</Tag>}
                {u.locked && <Tag color="red">{t('user.locked')}</Tag>}
                {u.mustChangePassword && <Tag color="orange">{t('user.mustChange')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('user.lastLogin'),
            dataIndex: 'lastLoginAt',
            width: 190,
            render: (v: string | null) => fmtDateTime(v),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 220,
            render: (_: unknown, u) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setEditing(u)}>
                  {t('common.edit')}
                </Button>
                <Button type="link" size="small" onClick={() => setResetting(u)}>
                  {t('user.resetPassword')}
                </Button>
                {u.locked && (
                  <Button type="link" size="small" onClick={() => void unlock(u)}>
                    {t('user.unlock')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <UserFormModal
        target={editing}
        onClose={() => setEditing(null)}
        onSaved={() => {
          message.success(t('common.saved'));
          setEditing(null);
          load();
        }}
      />
      <ResetPasswordModal
        user={resetting}
        onClose={() => setResetting(null)}
        onDone={() => {
          message.success(t('user.resetDone'));
          setResetting(null);
          load();
        }}
      />
    </Card>
  );
}
