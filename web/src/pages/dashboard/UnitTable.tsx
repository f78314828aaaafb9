import { Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
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
  const num = (v: number | undefined, color?: string) =>
    v === undefined ? hidden : <span style={{ color: v && color ? color : undefined }}>{v}</span>;
  const rate = (v: number | null | undefined, present: boolean) => (present ? fmtPercent(v) : hidden);
  const anyProblems = rows.some((r) => r.f.problems);
  const anyAssignments = rows.some((r) => r.f.assignments);
  const anyOpinions = rows.some((r) => r.f.opinions);

  const columns: ColumnsType<Row> = [
    {
      title: t('dash.unit'),
      dataIndex: 'name',
      fixed: 'left',
      width: 200,
      sorter: (a, b) => a.name.localeCompare(b.name, locale),
      render: (name: string, r) => (
        <a onClick={() => onOpen(r.id)} data-testid={`unit-${r.id}`}>
          {name}
        </a>
      ),
    },
  ];
  if (anyProblems)
    columns.push(
      {
        title: t('dash.problemsCol'),
        key: 'problems',
        align: 'right',
        sorter: by((r) => r.f.problems?.counted),
        render: (_, r) => num(r.f.problems?.counted),
      },
      {
        title: t('dash.signedOff'),
        key: 'signedOff',
        align: 'right',
        sorter: by((r) => r.f.problems?.signedOff),
        render: (_, r) => num(r.f.problems?.signedOff),
      },
      {
        title: t('dash.signOffRate'),
        key: 'signOffRate',
        align: 'right',
        sorter: by((r) => r.f.problems?.signOffRate),
        render: (_, r) => rate(r.f.problems?.signOffRate, !!r.f.problems),
      },
      ...OPEN_LIGHTS.map((l) => ({
        title: <Tag color={LIGHT_COLOR[l]}>{t(LIGHT_LABEL[l])}</Tag>,
        key: `light-${l}`,
        align: 'right' as const,
        sorter: by((r) => r.f.problems?.light[l]),
        render: (_: unknown, r: Row) => num(r.f.problems?.light[l], LIGHT_HEX[l]),
      })),
    );
  if (anyAssignments)
    columns.push(
      {
        title: t('dash.asgCol'),
        key: 'asg',
        align: 'right',
        sorter: by((r) => r.f.assignments?.total),
        render: (_, r) => num(r.f.assignments?.total),
      },
      {
        title: t('dash.completionRate'),
        key: 'asgRate',
        align: 'right',
        sorter: by((r) => r.f.assignments?.completionRate),
        render: (_, r) => rate(r.f.assignments?.completionRate, !!r.f.assignments),
      },
    );
  if (anyOpinions)
    columns.push(
      ...(['responseRate', 'resolutionRate', 'satisfactionRate'] as const).map((k) => ({
        title: t(`dash.${k}`),
        key: k,
        align: 'right' as const,
        sorter: by((r) => r.f.opinions?.[k]),
        render: (_: unknown, r: Row) => rate(r.f.opinions?.[k], !!r.f.opinions),
      })),
    );

  return (
    <Table<Row>
      rowKey="id"
      size="middle"
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
