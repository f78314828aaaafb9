import { Table, Tag, Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { ColumnsType, ColumnType } from 'antd/es/table';
import { LIGHT_COLOR, LIGHT_LABEL } from '../../api/problems';
import type { DashboardChild } from '../../api/dashboard';
import { useI18n } from '../../i18n';
import { figures, fmtPercent, LIGHT_HEX, OPEN_LIGHTS, type Figures } from './figures';

interface Row {
  id: number;
  name: string;
  childCount: number;
  f: Figures;
}

/** Sorts with the missing (a part the caller may not read) below every number. */
const by = (get: (r: Row) => number | null | undefined) => (a: Row, b: Row) =>
  (get(a) ?? -1) - (get(b) ?? -1);

/** 分单位情况: each direct child with the same figures as the cards, sortable; a name drills down. */
export function UnitTable({
  items,
  loading,
  onOpen,
}: {
  items: DashboardChild[];
  loading: boolean;
  onOpen: (orgId: number) => void;
}) {
  const { t, locale } = useI18n();
  const rows: Row[] = items.map((c) => ({
    id: c.org.id,
    name: c.org.name,
    childCount: c.org.childCount,
    f: figures(c),
  }));
  const hidden = (
    <Tooltip title={t('dash.hidden')}>
      <Typography.Text type="secondary">—</Typography.Text>
    </Tooltip>
  );
  /** A sortable figure column; `get` gives undefined where the caller may not read the part. */
  const col = (
    key: string,
    title: ReactNode,
    get: (r: Row) => number | null | undefined,
    show: (v: number | null, r: Row) => ReactNode,
  ): ColumnType<Row> => ({
    key,
    title,
    align: 'right',
    sorter: by(get),
    render: (_, r) => {
      const v = get(r);
      return v === undefined ? hidden : show(v, r);
    },
  });
  const count = (color?: string) => (v: number | null) => (
    <span style={{ color: v && color ? color : undefined }}>{v}</span>
  );
  const share = (v: number | null) => fmtPercent(v);
  const columns: ColumnsType<Row> = [
    {
      title: t('dash.unit'),
      dataIndex: 'name',
      fixed: 'left',
      width: 180,
      sorter: (a, b) => a.name.localeCompare(b.name, locale),
      render: (name: string, r) => (
        <a onClick={() => onOpen(r.id)} data-testid={`unit-${r.id}`}>
          {name}
        </a>
      ),
    },
  ];
  if (rows.some((r) => r.f.problems))
    columns.push(
      col('problems', t('dash.problemsCol'), (r) => r.f.problems?.counted, count()),
      col('signedOff', t('dash.signedOff'), (r) => r.f.problems?.signedOff, count()),
      col(
        'signOffRate',
        t('dash.signOffRate'),
        (r) => (r.f.problems ? r.f.problems.signOffRate : undefined),
        share,
      ),
      ...OPEN_LIGHTS.map((l) =>
        col(
          `light-${l}`,
          <Tooltip title={t(LIGHT_LABEL[l])}>
            <Tag color={LIGHT_COLOR[l]} style={{ marginInlineEnd: 0 }}>
              {t(`dash.col.${l}`)}
            </Tag>
          </Tooltip>,
          (r) => r.f.problems?.light[l],
          count(LIGHT_HEX[l]),
        ),
      ),
    );
  if (rows.some((r) => r.f.assignments))
    columns.push(
      col('asg', t('dash.asgCol'), (r) => r.f.assignments?.total, count()),
      col(
        'asgRate',
        t('dash.completionRate'),
        (r) => (r.f.assignments ? r.f.assignments.completionRate : undefined),
        share,
      ),
    );
  if (rows.some((r) => r.f.opinions))
    columns.push(
      ...(['responseRate', 'resolutionRate', 'satisfactionRate'] as const).map((k) =>
        col(k, t(`dash.${k}`), (r) => (r.f.opinions ? r.f.opinions[k] : undefined), share),
      ),
    );

  return (
    <Table<Row>
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={rows}
      columns={columns}
      scroll={{ x: 'max-content' }}
      pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
      locale={{ emptyText: t('dash.noChildren') }}
      showSorterTooltip={false}
      data-testid="unit-table"
    />
  );
}
