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
  type ButtonProps,
} from 'antd';
import type dayjs from 'dayjs';
import { Link, useParams } from 'react-router-dom';
import { taskApi, type AssignmentDetail } from '../../api/tasks';
import { useApiError } from '../../components/useApiError';
import { useI18n, type MessageKey } from '../../i18n';
import { DecomposeFields } from './DecomposeFields';
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
  orgIds?: number[];
}
const KINDS = ['progress', 'completion', 'review_accept', 'review_return'];

/** One unit's assignment: its steps, reports and the actions the caller may take. */
export default function AssignmentPage() {
  const id = Number(useParams().id);
  const { t, fmtDate, fmtDateTime } = useI18n();
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
      message.success(t('asg.submitted'));
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
    if (action === 'decompose') await run('decompose', { orgIds: v.orgIds, deadline: day });
  };
  const working = ['acknowledged', 'in_progress', 'returned'].includes(a.status);
  const pendingExt = a.extensions.find((e) => e.status === 'pending');
  const kind = (k: string) => (KINDS.includes(k) ? t(`asg.kind.${k}` as MessageKey) : k);

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
                {t('asg.acknowledge')}
              </Button>
            )}
            {a.canHandle && working && (
              <>
                <Button onClick={() => setAction('decompose')} data-testid="act-decompose">
                  {t('asg.decompose')}
                </Button>
                <Button onClick={() => setAction('report')} data-testid="act-report">
                  {t('asg.report')}
                </Button>
                <Button type="primary" onClick={() => setAction('complete')} data-testid="act-complete">
                  {t('asg.complete')}
                </Button>
                {!pendingExt && (
                  <Button onClick={() => setAction('request_extension')} data-testid="act-extension">
                    {t('asg.requestExtension')}
                  </Button>
                )}
              </>
            )}
            {a.canReview && a.status === 'completed' && (
              <>
                <Button
                  type="primary"
                  onClick={() => void run('review', { decision: 'accept' })}
                  data-testid="act-accept"
                >
                  {t('asg.accept')}
                </Button>
                <Button danger onClick={() => setAction('return')} data-testid="act-return">
                  {t('asg.return')}
                </Button>
              </>
            )}
            {a.canReview && pendingExt && (
              <>
                <Button
                  onClick={() => taskApi.decideExtension(pendingExt.id, 'approve').then(load, showError)}
                >
                  {t('asg.approveExtension')}
                </Button>
                <Button
                  onClick={() => taskApi.decideExtension(pendingExt.id, 'reject').then(load, showError)}
                >
                  {t('asg.rejectExtension')}
                </Button>
              </>
            )}
          </Space>
        }
      >
        <Descriptions size="small" column={3}>
          <Descriptions.Item label={t('asg.unit')}>{a.orgName}</Descriptions.Item>
          <Descriptions.Item label={t('asg.issuer')}>{a.issuerOrgName}</Descriptions.Item>
          <Descriptions.Item label={t('asg.status')}>
            <span data-testid="assignment-status">
              <StatusTag a={a} />
            </span>
            <LightTag a={a} />
          </Descriptions.Item>
          <Descriptions.Item label={t('asg.deadline')}>{fmtDate(a.deadline)}</Descriptions.Item>
          <Descriptions.Item label={t('asg.acknowledgedAt')}>
            {fmtDateTime(a.acknowledgedAt)}
          </Descriptions.Item>
          <Descriptions.Item label={t('asg.lastReport')}>{fmtDateTime(a.lastReportAt)}</Descriptions.Item>
          <Descriptions.Item label={t('asg.progress')}>{a.progress}%</Descriptions.Item>
          <Descriptions.Item label={t('asg.childCount')}>{a.childCount}</Descriptions.Item>
          <Descriptions.Item label={t('asg.chain')}>
            {a.ancestors.map((x) => x.orgName).join(' → ') || '—'}
          </Descriptions.Item>
          {a.reviewComment && (
            <Descriptions.Item label={t('asg.reviewComment')}>{a.reviewComment}</Descriptions.Item>
          )}
          {pendingExt && (
            <Descriptions.Item label={t('asg.pendingExtension')}>
              {t('asg.extLine', { date: fmtDate(pendingExt.requestedDeadline), reason: pendingExt.reason })}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <Card variant="borderless" title={t('asg.log')} style={{ marginTop: 16 }}>
        <Timeline
          items={a.reports.map((r) => ({
            content: t('asg.logLine', {
              at: fmtDateTime(r.at),
              kind: kind(r.kind),
              author: r.authorName,
              content: r.content,
            }),
          }))}
        />
      </Card>
      <Modal
        title={action ? t(`asg.modal.${action}`) : ''}
        open={action !== null}
        onOk={submit}
        onCancel={() => setAction(null)}
        okButtonProps={{ 'data-testid': 'modal-ok' } as ButtonProps}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          {action === 'report' && (
            <>
              <Form.Item
                name="content"
                label={t('asg.content')}
                rules={[{ required: true, message: t('asg.contentRequired') }]}
              >
                <Input.TextArea rows={4} maxLength={5000} data-testid="report-content" />
              </Form.Item>
              <Form.Item name="progress" label={t('asg.percent')}>
                <InputNumber min={0} max={100} data-testid="report-progress" />
              </Form.Item>
            </>
          )}
          {action === 'complete' && (
            <>
              <Form.Item
                name="report"
                label={t('asg.reportText')}
                rules={[{ required: true, message: t('asg.reportRequired') }]}
              >
                <Input.TextArea rows={5} maxLength={10000} data-testid="complete-report" />
              </Form.Item>
              <Form.Item name="results" label={t('asg.results')}>
                <Input.TextArea rows={2} maxLength={2000} data-testid="complete-results" />
              </Form.Item>
            </>
          )}
          {action === 'return' && (
            <Form.Item
              name="comment"
              label={t('asg.returnReason')}
              rules={[{ required: true, message: t('asg.returnReasonRequired') }]}
            >
              <Input.TextArea rows={3} maxLength={2000} data-testid="return-comment" />
            </Form.Item>
          )}
          {action === 'request_extension' && (
            <>
              <Form.Item
                name="reason"
                label={t('asg.extReason')}
                rules={[{ required: true, message: t('asg.extReasonRequired') }]}
              >
                <Input.TextArea rows={3} maxLength={1000} />
              </Form.Item>
              <Form.Item
                name="deadline"
                label={t('asg.extDeadline')}
                rules={[{ required: true, message: t('asg.dateRequired') }]}
              >
                <DatePicker />
              </Form.Item>
            </>
          )}
          {action === 'decompose' && <DecomposeFields orgId={a.orgId} form={form} />}
        </Form>
      </Modal>
    </>
  );
}
