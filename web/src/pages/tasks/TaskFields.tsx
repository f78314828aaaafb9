import { Collapse, DatePicker, Form, Input, Radio } from 'antd';
import type dayjs from 'dayjs';
import type { TaskCreate } from '../../api/tasks';
import { OrgMultiSelect } from '../../components/OrgMultiSelect';
import { useI18n } from '../../i18n';

/** The 督办单 fields of a new task, as the form holds them. */
export interface TaskFieldValues {
  number?: string;
  title: string;
  category: 'work' | 'special';
  basis?: string;
  instructingLeader?: string;
  urgency: string;
  requirements?: string;
  leadUnit?: string;
  coUnits?: string;
  supervisor?: string;
  deadline: dayjs.Dayjs;
  reportFrequency: string;
  resultForm?: string;
  mode: 'children' | 'orgs';
  orgIds?: number[];
}

export const TASK_FIELD_DEFAULTS: Partial<TaskFieldValues> = {
  category: 'work',
  reportFrequency: 'weekly',
  urgency: 'normal',
  mode: 'children',
};

/** The request body's task part from the form values. */
export function taskBody(v: TaskFieldValues): Omit<TaskCreate, 'campaignId' | 'issuingOrgId'> {
  const { deadline, mode, orgIds, ...rest } = v;
  return {
    ...rest,
    deadline: deadline.format('YYYY-MM-DD'),
    targets: mode === 'orgs' ? { mode: 'orgs', orgIds: orgIds ?? [] } : { mode: 'children' },
  };
}

/** Form items of a 督办单: title, deadline, frequency, urgency, targets, and the optional fields folded. */
export function TaskFields({ targets = true }: { targets?: boolean }) {
  const { t } = useI18n();
  const form = Form.useFormInstance();
  const mode = Form.useWatch<string>('mode', form);
  const text = (name: string, label: Parameters<typeof t>[0], max: number) => (
    <Form.Item name={name} label={t(label)}>
      <Input maxLength={max} />
    </Form.Item>
  );
  return (
    <>
      <Form.Item
        name="title"
        label={t('task.name')}
        rules={[{ required: true, message: t('task.nameRequired') }]}
      >
        <Input maxLength={200} data-testid="task-title" />
      </Form.Item>
      <Form.Item name="requirements" label={t('task.requirements')}>
        <Input.TextArea rows={3} maxLength={5000} data-testid="task-requirements" />
      </Form.Item>
      <Form.Item
        name="deadline"
        label={t('task.deadline')}
        rules={[{ required: true, message: t('task.deadlineRequired') }]}
      >
        <DatePicker data-testid="task-deadline" />
      </Form.Item>
      <Form.Item name="reportFrequency" label={t('task.frequency')}>
        <Radio.Group
          options={(['daily', 'weekly', 'monthly', 'phase'] as const).map((f) => ({
            value: f,
            label: t(`freq.${f}`),
          }))}
        />
      </Form.Item>
      <Form.Item name="urgency" label={t('task.urgency')}>
        <Radio.Group
          options={(['normal', 'urgent', 'very_urgent'] as const).map((u) => ({
            value: u,
            label: t(`urgency.${u}`),
          }))}
        />
      </Form.Item>
      {targets && (
        <>
          <Form.Item name="mode" label={t('task.targets')} extra={t('task.targetsHelp')}>
            <Radio.Group
              options={[
                { value: 'children', label: t('task.targetsChildren') },
                { value: 'orgs', label: t('task.targetsOrgs') },
              ]}
            />
          </Form.Item>
          {mode === 'orgs' && (
            <Form.Item
              name="orgIds"
              label={t('task.targetOrgs')}
              rules={[{ required: true, type: 'array', min: 1, message: t('task.targetOrgsRequired') }]}
            >
              <OrgMultiSelect data-testid="task-target-orgs" />
            </Form.Item>
          )}
        </>
      )}
      <Collapse
        size="small"
        ghost
        items={[
          {
            key: 'more',
            label: t('task.more'),
            forceRender: true,
            children: (
              <>
                {text('number', 'task.numberAuto', 50)}
                <Form.Item name="category" label={t('task.category')}>
                  <Radio.Group
                    options={[
                      { value: 'work', label: t('task.categoryWork') },
                      { value: 'special', label: t('task.categorySpecial') },
                    ]}
                  />
                </Form.Item>
                {text('basis', 'task.basis', 1000)}
                {text('instructingLeader', 'task.leader', 100)}
                {text('leadUnit', 'task.leadUnit', 200)}
                {text('coUnits', 'task.coUnits', 500)}
                {text('supervisor', 'task.supervisor', 100)}
                {text('resultForm', 'task.resultForm', 200)}
              </>
            ),
          },
        ]}
      />
    </>
  );
}
