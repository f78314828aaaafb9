import { useI18n } from '../../i18n';
import { useEffect, useState } from 'react';
import { Breadcrumb, Button, Table } from 'antd';
import { problemApi, type Rollup as RollupData, type RollupRow } from '../../api/problems';
import { useApiError } from '../../components/useApiError';
import { pct } from './ui';

/** 分级汇总: per child unit, from one grouped query on the server; click a unit to go one level down. */
/** The server's name of the total row (problems.rollup.ts). */
const TOTAL = '合计';

export function Rollup({ onLedger }: { onLedger: (orgId: number) => void }) {
  const showError = useApiError();
  const { t } = useI18n();
  const [trail, setTrail] = useState<{ id?: number; name: string }[]>([{ name: '' }]);
  const [data, setData] = useState<RollupData | null>(null);
  const [loading, setLoading] = useState(false);
  const current = trail[trail.length - 1];

  useEffect(() => {
    setLoading(true);
    problemApi
      .rollup({ orgId: current.id })
      .then((d) => {
        setData(d);
        if (current.id === undefined) setTrail([{ id: d.org.id, name: d.org.name }]);
      })
      .catch(showError)
      .finally(() => setLoading(false));
  }, [current.id, showError]);

  const rows = data ? [...data.children, data.self, data.total] : [];
  return (
    <>
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={trail.map((c, i) => ({
          title:
            i < trail.length - 1 ? (
              <a onClick={() => setTrail(trail.slice(0, i + 1))}>{c.name || t('pb.r.mine')}</a>
            ) : (
              c.name || t('pb.r.mine')
            ),
        }))}
      />
      <Table<RollupRow>
        rowKey={(r) => `${r.orgId}-${r.orgName}`}
        size="middle"
        loading={loading}
        dataSource={rows}
        pagination={false}
        data-testid="rollup-table"
        columns={[
          {
            title: t('pb.i.unit'),
            dataIndex: 'orgName',
            render: (v: string, r) =>
              r.childCount > 0 && r.orgName !== TOTAL ? (
                <a onClick={() => setTrail([...trail, { id: r.orgId, name: r.orgName }])}>{v}</a>
              ) : r.orgName === TOTAL ? (
                t('pb.r.sum')
              ) : (
                v
              ),
          },
          { title: t('pb.r.total'), dataIndex: 'total', width: 90 },
          { title: t('pb.r.open'), dataIndex: 'open', width: 80 },
          { title: t('pb.r.inProgress'), dataIndex: 'inProgress', width: 80 },
          { title: t('pb.r.submitted'), dataIndex: 'submitted', width: 80 },
          { title: t('pb.r.signedOff'), dataIndex: 'signedOff', width: 80 },
          {
            title: t('pb.r.overdue'),
            dataIndex: 'overdue',
            width: 70,
            render: (n: number) => <span style={{ color: n ? '#cf1322' : undefined }}>{n}</span>,
          },
          { title: t('pb.r.rate'), dataIndex: 'signOffRate', width: 90, render: pct },
          { title: t('pb.r.onTime'), dataIndex: 'onTimeRate', width: 100, render: pct },
          {
            title: '',
            key: 'l',
            width: 80,
            render: (_, r) =>
              r.orgName === TOTAL ? null : (
                <Button type="link" size="small" onClick={() => onLedger(r.orgId)}>
                  {t('pb.r.ledger')}
                </Button>
              ),
          },
        ]}
      />
    </>
  );
}
