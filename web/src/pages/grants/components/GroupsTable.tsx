import { Table, Tag } from 'antd';
import type { SupervisionGroup } from '../../../api/types';
import { useI18n } from '../../../i18n';

/** Supervision groups: their members and the orgs assigned to them (read scope over those subtrees). */
export function GroupsTable({ groups, loading }: { groups: SupervisionGroup[]; loading: boolean }) {
  const { t } = useI18n();
  return (
    <Table<SupervisionGroup>
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={groups}
      pagination={false}
      columns={[
        { title: t('group.name'), dataIndex: 'name', width: 220 },
        { title: t('group.issuer'), dataIndex: 'issuer', width: 180, render: (v: string) => v || '—' },
        {
          title: t('group.members'),
          dataIndex: 'members',
          render: (ms: SupervisionGroup['members']) =>
            ms.map((m) => (
              <Tag key={m.userId}>
                {m.displayName}（{m.duty}）
              </Tag>
            )),
        },
        {
          title: t('group.orgs'),
          dataIndex: 'orgs',
          render: (os: SupervisionGroup['orgs']) =>
            os.map((o) => (
              <Tag key={o.orgId} color="blue">
                {o.orgName}
              </Tag>
            )),
        },
      ]}
    />
  );
}
