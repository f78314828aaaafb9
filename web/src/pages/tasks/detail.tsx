import { useCallback, useEffect, useState } from 'react';
import { Card, Descriptions, Table, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { taskApi, type Task, type TreeNode } from '../../api/tasks';
import { useApiError } from '../../components/useApiError';
import { useI18n, type MessageKey } from '../../i18n';
import { CountsBar, LightTag, StatusTag } from './Lights';

type Row = TreeNode & { children?: Row[] };

const FREQS = ['daily', 'weekly', 'monthly', 'phase'];

/** Replaces the children of `id` anywhere in the loaded tree. */
function withChildren(rows: Row[], id: number, kids: Row[]): Row[] {
  return rows.map((r) =>
    r.id === id
      ? { ...r, children: kids }
      : r.children
        ? { ...r, children: withChildren(r.children, id, kids) }
        : r,
  );
}
const prepare = (nodes: TreeNode[]): Row[] =>
  nodes.map((n) => (n.childCount > 0 ? { ...n, children: [] } : n));

/** The task and its live progress tree: one level is fetched per expanded unit. */
export default function TaskDetailPage() {
  const id = Number(useParams().id);
  const { t, fmtDate, fmtDateTime } = useI18n();
  const showError = useApiError();
  const [task, setTask] = useState<Task | null>(null);
  const [rows, setRows] = useState<Row[]>([]);
  const [expanded, setExpanded] = useState<number[]>([]);

  const load = useCallback(() => {
    taskApi.get(id).then(setTask).catch(showError);
    taskApi
      .tree(id)
      .then((r) => {
        setRows(prepare(r));
        setExpanded([]);
      })
      .catch(showError);
  }, [id, showError]);
  useEffect(load, [load]);

  const expand = async (open: boolean, r: Row) => {
    if (!open) return setExpanded((e) => e.filter((x) => x !== r.id));
    try {
      const kids = prepare(await taskApi.tree(id, r.id));
      setRows((rs) => withChildren(rs, r.id, kids));
      setExpanded((e) => [...e, r.id]);
    } catch (err) {
      showError(err);
    }
  };

  if (!task) return null;
  return (
    <>
      <Card variant="borderless" title={`${task.number} ${task.title}`} style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={3}>
          <Descriptions.Item label={t('task.issuer')}>{task.issuingOrgName}</Descriptions.Item>
          <Descriptions.Item label={t('task.issuedAt')}>{fmtDate(task.issuedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('task.deadline')}>{fmtDate(task.deadline)}</Descriptions.Item>
          <Descriptions.Item label={t('task.frequency')}>
            {FREQS.includes(task.reportFrequency)
              ? t(`freq.${task.reportFrequency}` as MessageKey)
              : task.reportFrequency}
          </Descriptions.Item>
          <Descriptions.Item label={t('task.resultForm')}>{task.resultForm || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('task.basis')}>{task.basis || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('task.urgency')}>
            {t(`urgency.${task.urgency}` as MessageKey)}
          </Descriptions.Item>
          <Descriptions.Item label={t('task.leader')}>{task.instructingLeader || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('task.leadUnit')}>{task.leadUnit || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('task.coUnits')}>{task.coUnits || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('task.supervisor')}>{task.supervisor || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('task.overall')} span={3}>
            <CountsBar c={task.counts} />
          </Descriptions.Item>
        </Descriptions>
        {task.requirements && (
          <Typography.Paragraph type="secondary">{task.requirements}</Typography.Paragraph>
        )}
      </Card>
      <Card variant="borderless" title={t('task.tree')}>
        <Table<Row>
          rowKey="id"
          dataSource={rows}
          pagination={false}
          data-testid="progress-tree"
          onRow={(r) => ({ 'data-testid': `tree-row-${r.orgId}` }) as object}
          expandable={{ expandedRowKeys: expanded, onExpand: (open, r) => void expand(open, r) }}
          columns={[
            {
              title: t('task.unit'),
              dataIndex: 'orgName',
              render: (v: string, r) => (
                <Link to={`/assignments/${r.id}`} data-testid={`tree-org-${r.orgId}`}>
                  {v}
                </Link>
              ),
            },
            { title: t('task.light'), key: 'light', width: 110, render: (_, r) => <LightTag a={r} /> },
            { title: t('task.status'), key: 'status', width: 110, render: (_, r) => <StatusTag a={r} /> },
            {
              title: t('task.unitDeadline'),
              dataIndex: 'deadline',
              width: 140,
              render: (v: string) => fmtDate(v),
            },
            {
              title: t('task.lastReport'),
              dataIndex: 'lastReportAt',
              width: 180,
              render: (v: string | null) => fmtDateTime(v),
            },
            {
              title: t('task.subtree'),
              key: 'sub',
              width: 320,
              render: (_, r) => <CountsBar c={r.subtree} />,
            },
          ]}
        />
      </Card>
    </>
  );
}
