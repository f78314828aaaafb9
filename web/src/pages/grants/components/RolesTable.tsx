import { Table, Tag } from 'antd';
import type { Role } from '../../../api/types';
import { useI18n, type MessageKey } from '../../../i18n';

export function permissionLabel(p: string, t: (k: MessageKey) => string): string {
  const key = `perm.${p}` as MessageKey;
  const label = t(key);
  return label === key ? p : label;
}

/** Roles are data: each a named set of permissions. */
export function RolesTable({ roles, loading }: { roles: Role[]; loading: boolean }) {
  const { t, locale } = useI18n();
  return (
    <Table<Role>
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={roles}
      pagination={false}
      columns={[
        {
          title: t('grant.role'),
          dataIndex: 'name',
          width: 220,
          render: (n: string, r) => (
            <>
              {locale === 'en-US' && r.nameEn ? r.nameEn : n}
              {r.systemRole && (
                <Tag color="purple" style={{ marginLeft: 6 }}>
                  {t('grant.systemRole')}
                </Tag>
              )}
            </>
          ),
        },
        { title: t('grant.roleCode'), dataIndex: 'code', width: 160 },
        {
          title: t('grant.permissions'),
          dataIndex: 'permissions',
          render: (ps: string[]) =>
            ps.map((p) => (
              <Tag key={p} style={{ marginBottom: 4 }}>
                {permissionLabel(p, t)}
              </Tag>
            )),
        },
      ]}
    />
  );
}
