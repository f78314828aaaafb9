import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Space, Table } from 'antd';
import { studyApi, type StudyRate } from '../../api/study';
import { useCurrentCampaign } from '../../components/CurrentCampaign';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';

const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

/** Sessions held and attendance rate per unit, each unit counting its subtree; click a unit to go down. */
export function Rates() {
  const { t } = useI18n();
  const { campaignId } = useCurrentCampaign();
  const showError = useApiError();
  const [trail, setTrail] = useState<StudyRate[]>([]);
  const [data, setData] = useState<{ org: StudyRate | null; items: StudyRate[] }>({ org: null, items: [] });
  const orgId = trail.at(-1)?.orgId;

  const load = useCallback(() => {
    studyApi.rates({ orgId, campaignId }).then(setData, showError);
  }, [orgId, campaignId, showError]);
  useEffect(load, [load]);

  const rows = data.org ? [data.org, ...data.items] : data.items;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Alert type="info" showIcon message={t('study.rateHelp')} />
      {trail.length > 0 && <Button onClick={() => setTrail(trail.slice(0, -1))}>{t('study.up')}</Button>}
      <Table<StudyRate>
        rowKey="orgId"
        size="small"
        pagination={false}
        dataSource={rows}
        onRow={(r) => ({
          onClick: () => r !== data.org && setTrail([...trail, r]),
          style: {
            cursor: r === data.org ? 'default' : 'pointer',
            fontWeight: r === data.org ? 600 : undefined,
          },
        })}
        columns={[
          { title: t('study.unit'), dataIndex: 'orgName' },
          { title: t('study.held'), dataIndex: 'sessions', width: 110 },
          { title: t('study.status.present'), dataIndex: 'present', width: 90 },
          { title: t('study.status.leave'), dataIndex: 'leave', width: 90 },
          { title: t('study.status.absent'), dataIndex: 'absent', width: 90 },
          { title: t('study.rate'), dataIndex: 'attendanceRate', width: 110, render: pct },
        ]}
      />
    </Space>
  );
}
