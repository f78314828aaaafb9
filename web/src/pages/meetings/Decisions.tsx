import { useRef, useState } from 'react';
import { Button, Checkbox, Form, Input, List } from 'antd';
import { Link } from 'react-router-dom';
import { meetingApi, type MeetingDetail } from '../../api/tasks';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';
import { TASK_FIELD_DEFAULTS, TaskFields, taskBody, type TaskFieldValues } from '../tasks/TaskFields';

type Values = Partial<TaskFieldValues> & { content: string; asTask?: boolean };

/** 会议决定: listed with their tasks; a new decision can be issued as a supervised task in the same step. */
export function Decisions({
  meeting,
  onSaved,
}: {
  meeting: MeetingDetail;
  onSaved: (m: MeetingDetail) => void;
}) {
  const { t } = useI18n();
  const showError = useApiError();
  const [adding, setAdding] = useState(false);
  const [saving, setSaving] = useState(false);
  const inFlight = useRef(false);
  const [form] = Form.useForm<Values>();
  const asTask = Form.useWatch('asTask', form);

  const submit = async (v: Values) => {
    if (inFlight.current) return; // Enter in a field and a click on the button must not issue two tasks
    inFlight.current = true;
    setSaving(true);
    try {
      const task = v.asTask ? taskBody({ ...TASK_FIELD_DEFAULTS, ...v } as TaskFieldValues) : undefined;
      onSaved(await meetingApi.decide(meeting.id, { content: v.content, task }));
      form.resetFields();
      setAdding(false);
    } catch (err) {
      showError(err, form);
    } finally {
      inFlight.current = false;
      setSaving(false);
    }
  };

  return (
    <>
      <List
        header={t('meeting.decisions')}
        dataSource={meeting.decisions}
        data-testid="meeting-decisions"
        renderItem={(d) => (
          <List.Item>
            {d.content}
            {d.taskId && <Link to={`/tasks/${d.taskId}`}> {t('meeting.viewTask')}</Link>}
          </List.Item>
        )}
      />
      {meeting.canManage && !adding && (
        <Button onClick={() => setAdding(true)} data-testid="decision-add">
          {t('meeting.addDecision')}
        </Button>
      )}
      {adding && (
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) => void submit(v)}
          initialValues={TASK_FIELD_DEFAULTS}
        >
          <Form.Item
            name="content"
            label={t('meeting.decision')}
            rules={[{ required: true, message: t('meeting.decisionRequired') }]}
          >
            <Input.TextArea rows={2} maxLength={2000} data-testid="decision-content" />
          </Form.Item>
          <Form.Item name="asTask" valuePropName="checked">
            <Checkbox data-testid="decision-as-task">{t('meeting.asTask')}</Checkbox>
          </Form.Item>
          {asTask && <TaskFields />}
          <Button type="primary" htmlType="submit" loading={saving} data-testid="decision-submit">
            {t('common.submit')}
          </Button>{' '}
          <Button onClick={() => setAdding(false)}>{t('common.cancel')}</Button>
        </Form>
      )}
    </>
  );
}
