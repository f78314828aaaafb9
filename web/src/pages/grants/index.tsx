import { useCallback, useEffect, useState } from 'react';
import { App, Button, Card, Popconfirm, Space, Table, Tabs } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { grantApi } from '../../api/endpoints';
import type { Grant, Page, Role, SupervisionGroup } from '../../api/types';
import { OrgSelect } from '../../components/OrgSelect';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';
import { GrantFormModal } from './components/GrantFormModal';
import { GroupsTable } from './components/GroupsTable';
import { RolesTable } from './components/RolesTable';
import { UserSelect } from './components/UserSelect';

/** 授权管理 (安全保密管理员): who holds which role where; roles; supervision groups. */
export default function GrantsPage() {
  const { t, fmtDateTime } = useI18n();
  const { message } = App.useApp();
  const showError = useApiError();
  const [userId, setUserId] = useState<number | undefined>();
  const [orgId, setOrgId] = useState<number | undefined>();
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Page<Grant>>({ items: [], total: 0 });
  const [loading, setLoading] = useState(false);
  const [roles, setRoles] = useState<Role[]>([]);
  const [groups, setGroups] = useState<SupervisionGroup[]>([]);
  const [refLoading, setRefLoading] = useState(true);
  const [adding, setAdding] = useState(false);

  const load = useCallback(() => {
    setLoading(true);
    grantApi
      .list({ userId, orgId, page, pageSize: 20 })
      .then(setData)
      .catch(showError)
      .finally(() => setLoading(false));
  }, [userId, orgId, page, showError]);

  useEffect(load, [load]);

  useEffect(() => {
    Promise.all([grantApi.roles(), grantApi.groups()])
      .then(([r, g]) => {
        setRoles(r);
        setGroups(g);
      })
      .catch(showError)
      .finally(() => setRefLoading(false));
  }, [showError]);

  const remove = async (g: Grant) => {
    try {
      await grantApi.remove(g.id);
      message.success(t('grant.removed'));
      load();
    } catch (e) {
      showError(e);
    }
  };

  const grantsTab = (
    <>
      <Space style={{ marginBottom: 16 }} wrap>
        <UserSelect
          value={userId}
          style={{ width: 260 }}
          onChange={(v) => {
            setPage(1);
            setUserId(v);
          }}
        />
        <OrgSelect
          value={orgId}
          style={{ width: 260 }}
          onChange={(v) => {
            setPage(1);
            setOrgId(v);
          }}
        />
      </Space>
      <Table<Grant>
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
          {
            title: t('grant.user'),
            key: 'user',
            render: (_: unknown, g) => `${g.displayName}（${g.username}）`,
          },
          { title: t('grant.role'), dataIndex: 'roleName' },
          { title: t('grant.org'), dataIndex: 'orgName' },
          { title: t('grant.createdAt'), dataIndex: 'createdAt', render: (v: string) => fmtDateTime(v) },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 100,
            render: (_: unknown, g) => (
              <Popconfirm
                title={t('grant.removeConfirm', { user: g.displayName, role: g.roleName, org: g.orgName })}
                onConfirm={() => remove(g)}
                okButtonProps={{ danger: true }}
              >
                <Button type="link" size="small" danger>
                  {t('grant.remove')}
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
    </>
  );

  return (
    <Card
      variant="borderless"
      title={t('nav.grants')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
          {t('grant.create')}
        </Button>
      }
    >
      <Tabs
        items={[
          { key: 'grants', label: t('grant.tabGrants'), children: grantsTab },
          {
            key: 'roles',
            label: t('grant.tabRoles'),
            children: <RolesTable roles={roles} loading={refLoading} />,
          },
          {
            key: 'groups',
            label: t('grant.tabGroups'),
            children: <GroupsTable groups={groups} loading={refLoading} />,
          },
        ]}
      />
      <GrantFormModal
        open={adding}
        roles={roles}
        onClose={() => setAdding(false)}
        onSaved={() => {
          message.success(t('grant.created'));
          setAdding(false);
          load();
        }}
      />
    </Card>
  );
}
