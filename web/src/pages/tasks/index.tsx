import { useCallback, useEffect, useState } from 'react';
import { Button, Card, Form, Input, Modal, Table, type ButtonProps } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { taskApi, type Task } from '../../api/tasks';
import { useAuth } from '../../auth/AuthContext';
import { CampaignField } from '../../components/CampaignField';
import { useCurrentCampaign } from '../../components/CurrentCampaign';
import { OrgSelect } from '../../components/OrgSelect';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';
import { CountsBar } from './Lights';
import { TASK_FIELD_DEFAULTS, TaskFields, taskBody, type TaskFieldValues } from './TaskFields';

type FormValues = TaskFieldValues & { campaignId: number; issuingOrgId: number };

/** 督办事项: tasks of the current campaign issued by or to the caller's units, with their progress. */
export default function TasksPage() {
  const { t, fmtDate } = useI18n();
  const { can, me } = useAuth();
  const { campaignId } = useCurrentCampaign();
  const showError = useApiError();
  const navigate = useNavigate();
  const [items, setItems] = useState<Task[]>([]);
  const [total, setTotal] = useState(0);
  const [page, setPage] = useState(1);
  const [q, setQ] = useState('');
  const [loading, setLoading] = useState(true);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<FormValues>();

  const load = useCallback(() => {
    setLoading(true);
    taskApi
      .list({ page, pageSize: 20, q: q || undefined, campaignId })
      .then((r) => {
        setItems(r.items);
        setTotal(r.total);
      })
      .catch(showError)
      .finally(() => setLoading(false));
  }, [page, q, campaignId, showError]);
  useEffect(load, [load]);

  const submit = async () => {
    const v = await form.validateFields();
    try {
      const task = await taskApi.create({
        campaignId: v.campaignId,
        issuingOrgId: v.issuingOrgId,
        ...taskBody(v),
      });
      setOpen(false);
      navigate(`/tasks/${task.id}`);
    } catch (err) {
      showError(err, form);
    }
  };

  return (
    <Card
      variant="borderless"
      title={t('task.title')}
      extra={
        <>
          <Input.Search
            placeholder={t('task.searchPlaceholder')}
            allowClear
            onSearch={setQ}
            style={{ width: 220, marginRight: 8 }}
          />
          {can('task.issue') && (
            <Button type="primary" onClick={() => setOpen(true)} data-testid="task-new">
              {t('task.new')}
            </Button>
          )}
        </>
      }
    >
      <Table<Task>
        rowKey="id"
        loading={loading}
        dataSource={items}
        pagination={{ current: page, total, pageSize: 20, onChange: setPage }}
        data-testid="task-list"
        columns={[
          { title: t('task.number'), dataIndex: 'number', width: 150 },
          {
            title: t('task.name'),
            dataIndex: 'title',
            render: (v: string, r) => <Link to={`/tasks/${r.id}`}>{v}</Link>,
          },
          { title: t('task.issuer'), dataIndex: 'issuingOrgName', width: 180 },
          { title: t('task.deadline'), dataIndex: 'deadline', width: 140, render: (v: string) => fmtDate(v) },
          {
            title: t('task.progressVisible'),
            key: 'c',
            width: 320,
            render: (_, r) => <CountsBar c={r.counts} />,
          },
        ]}
      />
      <Modal
        title={t('task.new')}
        open={open}
        onOk={submit}
        onCancel={() => setOpen(false)}
        okButtonProps={{ 'data-testid': 'task-submit' } as ButtonProps}
        width={640}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{ ...TASK_FIELD_DEFAULTS, campaignId, issuingOrgId: me?.grants[0]?.orgId }}
        >
          <CampaignField />
          <Form.Item
            name="issuingOrgId"
            label={t('task.issuer')}
            rules={[{ required: true, message: t('task.issuerRequired') }]}
          >
            <OrgSelect initialLabel={me?.grants[0]?.orgName} />
          </Form.Item>
          <TaskFields />
        </Form>
      </Modal>
    </Card>
  );
}
