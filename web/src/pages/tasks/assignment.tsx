import { useCallback, useEffect, useState } from 'react';
import {
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Space,
  Timeline,
} from 'antd';
import type dayjs from 'dayjs';
import { Link, useParams } from 'react-router-dom';
import { taskApi, type AssignmentDetail } from '../../api/tasks';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';
import { LightTag, StatusTag } from './Lights';

type Action = 'report' | 'complete' | 'return' | 'request_extension' | 'decompose';
interface Values {
  content?: string;
  progress?: number;
  report?: string;
  results?: string;
  comment?: string;
  reason?: string;
  deadline?: dayjs.Dayjs;
}
const TITLES: Record<Action, string> = {
  report: '反馈进展',
  complete: '办结报告',
  return: '退回',
  request_extension: '申请延期',
  decompose: '分解到全部直属下级单位',
};
const KIND: Record<string, string> = {
  progress: '进展反馈',
  completion: '办结报告',
  review_accept: '审结通过',
  review_return: '退回',
};

/** One unit's assignment: its steps, reports and the actions the caller may take. */
export default function AssignmentPage() {
  const id = Number(useParams().id);
  const { fmtDate, fmtDateTime } = useI18n();
  const { message } = App.useApp();
  const showError = useApiError();
  const [a, setA] = useState<AssignmentDetail | null>(null);
  const [action, setAction] = useState<Action | null>(null);
  const [form] = Form.useForm<Values>();

  const load = useCallback(() => {
    taskApi.assignment(id).then(setA).catch(showError);
  }, [id, showError]);
  useEffect(load, [load]);
  if (!a) return null;

  const run = async (name: string, body: object) => {
    try {
      await taskApi.act(a.id, name, { version: a.version, ...body });
      message.success('已提交');
      setAction(null);
      load();
    } catch (err) {
      showError(err, form);
    }
  };
  const submit = async () => {
    const v = await form.validateFields();
    const day = v.deadline?.format('YYYY-MM-DD');
    if (action === 'report') await run('report', { content: v.content, progress: v.progress });
    if (action === 'complete') await run('complete', { report: v.report, results: v.results });
    if (action === 'return') await run('review', { decision: 'return', comment: v.comment });
    if (action === 'request_extension') await run('request_extension', { reason: v.reason, deadline: day });
    if (action === 'decompose') await run('decompose', { allChildren: true, deadline: day });
  };
  const working = ['acknowledged', 'in_progress', 'returned'].includes(a.status);
  const pendingExt = a.extensions.find((e) => e.status === 'pending');

  return (
    <>
      <Card
        variant="borderless"
        title={
          <Space>
            <Link to={`/tasks/${a.taskId}`}>{a.taskNumber}</Link>
            {a.taskTitle}
          </Space>
        }
        extra={
          <Space wrap data-testid="assignment-actions">
            {a.canHandle && a.status === 'issued' && (
              <Button
                type="primary"
                onClick={() => void run('acknowledge', {})}
                data-testid="act-acknowledge"
              >
                签收
              </Button>
            )}
            {a.canHandle && working && (
              <>
                <Button onClick={() => setAction('decompose')} data-testid="act-decompose">
                  分解
                </Button>
                <Button onClick={() => setAction('report')} data-testid="act-report">
                  反馈进展
                </Button>
                <Button type="primary" onClick={() => setAction('complete')} data-testid="act-complete">
                  办结
                </Button>
                {!pendingExt && <Button onClick={() => setAction('request_extension')}>申请延期</Button>}
              </>
            )}
            {a.canReview && a.status === 'completed' && (
              <>
                <Button
                  type="primary"
                  onClick={() => void run('review', { decision: 'accept' })}
                  data-testid="act-accept"
                >
                  审结通过
                </Button>
                <Button danger onClick={() => setAction('return')}>
                  退回
                </Button>
              </>
            )}
            {a.canReview && pendingExt && (
              <>
                <Button
                  onClick={() => taskApi.decideExtension(pendingExt.id, 'approve').then(load, showError)}
                >
                  批准延期
                </Button>
                <Button
                  onClick={() => taskApi.decideExtension(pendingExt.id, 'reject').then(load, showError)}
                >
                  不批准延期
                </Button>
              </>
            )}
          </Space>
        }
      >
        <Descriptions size="small" column={3}>
          <Descriptions.Item label="承办单位">{a.orgName}</Descriptions.Item>
          <Descriptions.Item label="交办单位">{a.issuerOrgName}</Descriptions.Item>
          <Descriptions.Item label="状态">
            <span data-testid="assignment-status">
              <StatusTag a={a} />
            </span>
            <LightTag a={a} />
          </Descriptions.Item>
          <Descriptions.Item label="完成期限">{fmtDate(a.deadline)}</Descriptions.Item>
          <Descriptions.Item label="签收时间">{fmtDateTime(a.acknowledgedAt)}</Descriptions.Item>
          <Descriptions.Item label="最近反馈">{fmtDateTime(a.lastReportAt)}</Descriptions.Item>
          <Descriptions.Item label="进度">{a.progress}%</Descriptions.Item>
          <Descriptions.Item label="下级承办单位">{a.childCount}</Descriptions.Item>
          <Descriptions.Item label="上级链条">
            {a.ancestors.map((x) => x.orgName).join(' → ') || '—'}
          </Descriptions.Item>
          {a.reviewComment && <Descriptions.Item label="审结意见">{a.reviewComment}</Descriptions.Item>}
          {pendingExt && (
            <Descriptions.Item label="延期申请">
              {fmtDate(pendingExt.requestedDeadline)}（{pendingExt.reason}）
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <Card variant="borderless" title="办理记录" style={{ marginTop: 16 }}>
        <Timeline
          items={a.reports.map((r) => ({
            content: `${fmtDateTime(r.at)} ${KIND[r.kind] ?? r.kind}（${r.authorName}）：${r.content}`,
          }))}
        />
      </Card>
      <Modal
        title={action ? TITLES[action] : ''}
        open={action !== null}
        onOk={submit}
        onCancel={() => setAction(null)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          {action === 'report' && (
            <>
              <Form.Item
                name="content"
                label="进展情况"
                rules={[{ required: true, message: '请填写进展情况' }]}
              >
                <Input.TextArea rows={4} maxLength={5000} data-testid="report-content" />
              </Form.Item>
              <Form.Item name="progress" label="完成进度（%）">
                <InputNumber min={0} max={100} />
              </Form.Item>
            </>
          )}
          {action === 'complete' && (
            <>
              <Form.Item
                name="report"
                label="办结报告"
                rules={[{ required: true, message: '请填写办结报告' }]}
              >
                <Input.TextArea rows={5} maxLength={10000} data-testid="complete-report" />
              </Form.Item>
              <Form.Item name="results" label="成果">
                <Input.TextArea rows={2} maxLength={2000} />
              </Form.Item>
            </>
          )}
          {action === 'return' && (
            <Form.Item
              name="comment"
              label="退回理由"
              rules={[{ required: true, message: '请填写退回理由' }]}
            >
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
          )}
          {action === 'request_extension' && (
            <Form.Item name="reason" label="延期理由" rules={[{ required: true, message: '请填写延期理由' }]}>
              <Input.TextArea rows={3} maxLength={1000} />
            </Form.Item>
          )}
          {(action === 'request_extension' || action === 'decompose') && (
            <Form.Item
              name="deadline"
              label={action === 'decompose' ? '下级完成期限（不晚于本级期限，留空同本级）' : '申请延至'}
              rules={[{ required: action === 'request_extension', message: '请选择日期' }]}
            >
              <DatePicker />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </>
  );
}
