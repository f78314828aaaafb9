import { useCallback, useEffect, useState } from 'react';
import { Card, Descriptions, Table, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { taskApi, type Task, type TreeNode } from '../../api/tasks';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';
import { CountsBar, LightTag, StatusTag } from './Lights';

type Row = TreeNode & { children?: Row[] };

const FREQ: Record<string, string> = { daily: '每日', weekly: '每周', monthly: '每月', phase: '阶段性' };

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
  const { fmtDate, fmtDateTime } = useI18n();
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
          <Descriptions.Item label="交办单位">{task.issuingOrgName}</Descriptions.Item>
          <Descriptions.Item label="交办时间">{fmtDate(task.issuedAt)}</Descriptions.Item>
          <Descriptions.Item label="完成期限">{fmtDate(task.deadline)}</Descriptions.Item>
          <Descriptions.Item label="汇报频次">
            {FREQ[task.reportFrequency] ?? task.reportFrequency}
          </Descriptions.Item>
          <Descriptions.Item label="成果形式">{task.resultForm || '—'}</Descriptions.Item>
          <Descriptions.Item label="督办依据">{task.basis || '—'}</Descriptions.Item>
          <Descriptions.Item label="总体进展" span={3}>
            <CountsBar c={task.counts} />
          </Descriptions.Item>
        </Descriptions>
        {task.requirements && (
          <Typography.Paragraph type="secondary">{task.requirements}</Typography.Paragraph>
        )}
      </Card>
      <Card variant="borderless" title="落实进度（逐级展开）">
        <Table<Row>
          rowKey="id"
          dataSource={rows}
          pagination={false}
          data-testid="progress-tree"
          expandable={{ expandedRowKeys: expanded, onExpand: (open, r) => void expand(open, r) }}
          columns={[
            {
              title: '承办单位',
              dataIndex: 'orgName',
              render: (v: string, r) => (
                <Link to={`/assignments/${r.id}`} data-testid={`tree-org-${r.orgId}`}>
                  {v}
                </Link>
              ),
            },
            { title: '灯色', key: 'light', width: 110, render: (_, r) => <LightTag a={r} /> },
            { title: '状态', key: 'status', width: 110, render: (_, r) => <StatusTag a={r} /> },
            { title: '期限', dataIndex: 'deadline', width: 140, render: (v: string) => fmtDate(v) },
            {
              title: '最近反馈',
              dataIndex: 'lastReportAt',
              width: 180,
              render: (v: string | null) => fmtDateTime(v),
            },
            { title: '本级及下级', key: 'sub', width: 320, render: (_, r) => <CountsBar c={r.subtree} /> },
          ]}
        />
      </Card>
    </>
  );
}
