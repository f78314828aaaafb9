import { Table } from 'antd';
import type { CampaignItem } from '../../../api/types';
import { useI18n } from '../../../i18n';

/** A campaign's template items (十查十看, directions, key tasks): number, title, what it means. */
export function ItemsTable({
  items,
  titleLabel,
  detailLabel,
}: {
  items: CampaignItem[];
  titleLabel: string;
  detailLabel?: string;
}) {
  const { t } = useI18n();
  return (
    <Table<CampaignItem>
      rowKey="id"
      size="small"
      dataSource={items}
      pagination={false}
      columns={[
        { title: t('campaign.seq'), dataIndex: 'seq', width: 70 },
        { title: titleLabel, dataIndex: 'title', width: 240 },
        { title: detailLabel ?? t('campaign.detail'), dataIndex: 'detail', render: (d: string) => d || '—' },
      ]}
    />
  );
}
