import { useCallback, useEffect, useState } from 'react';
import { Button, Card, DatePicker, Form, Input, Modal, Radio, Select, Table } from 'antd';
import dayjs from 'dayjs';
import { Link, useNavigate } from 'react-router-dom';
import { campaignApi } from '../../api/endpoints';
import type { Campaign } from '../../api/types';
import { taskApi, type Task, type TaskCreate } from '../../api/tasks';
import { useAuth } from '../../auth/AuthContext';
import { OrgSelect } from '../../components/OrgSelect';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';
import { CountsBar } from './Lights';

interface FormValues {
  campaignId: number;
  issuingOrgId: number;
  title: string;
  deadline: dayjs.Dayjs;
  reportFrequency: string;
  urgency: string;
  requirements?: string;
  mode: 'children';
}

/** 督办事项: tasks issued by or to the caller's units, with their progress. */
export default function TasksPage() {
  const { fmtDate } = useI18n();
  const { can, me } = useAuth();
  const showError = useApiError();
  const navigate = useNavigate();
  const [items, setItems] = useState<Task[]>([]);
  const [total, setTotal] = useState(0);
  const [page, setPage] = useState(1);
  const [q, setQ] = useState('');
  const [loading, setLoading] = useState(true);
  const [open, setOpen] = useState(false);
  const [campaigns, setCampaigns] = useState<Campaign[]>([]);
  const [form] = Form.useForm<FormValues>();

  const load = useCallback(() => {
    setLoading(true);
    taskApi
      .list({ page, pageSize: 20, q: q || undefined })
      .then((r) => {
        setItems(r.items);
        setTotal(r.total);
      })
      .catch(showError)
      .finally(() => setLoading(false));
  }, [page, q, showError]);
  useEffect(load, [load]);
  useEffect(() => {
    campaignApi
      .list()
      .then((r) => setCampaigns(r.items))
      .catch(() => undefined);
  }, []);

  const submit = async () => {
    const v = await form.validateFields();
    const body: TaskCreate = {
      campaignId: v.campaignId,
      issuingOrgId: v.issuingOrgId,
      title: v.title,
      deadline: v.deadline.format('YYYY-MM-DD'),
      reportFrequency: v.reportFrequency,
      urgency: v.urgency,
      requirements: v.requirements,
      targets: { mode: v.mode },
    };
    try {
      const task = await taskApi.create(body);
      setOpen(false);
      navigate(`/tasks/${task.id}`);
    } catch (err) {
      showError(err, form);
    }
  };

  return (
    <Card
      variant="borderless"
      title="督办事项"
      extra={
        <>
          <Input.Search
            placeholder="事项名称或编号"
            allowClear
            onSearch={setQ}
            style={{ width: 220, marginRight: 8 }}
          />
          {can('task.issue') && (
            <Button type="primary" onClick={() => setOpen(true)} data-testid="task-new">
              下达督办事项
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
        columns={[
          { title: '督办编号', dataIndex: 'number', width: 150 },
          {
            title: '事项名称',
            dataIndex: 'title',
            render: (v: string, r) => <Link to={`/tasks/${r.id}`}>{v}</Link>,
          },
          { title: '交办单位', dataIndex: 'issuingOrgName', width: 180 },
          { title: '完成期限', dataIndex: 'deadline', width: 140, render: (v: string) => fmtDate(v) },
          { title: '进展（可见范围）', key: 'c', width: 320, render: (_, r) => <CountsBar c={r.counts} /> },
        ]}
      />
      <Modal
        title="下达督办事项"
        open={open}
        onOk={submit}
        onCancel={() => setOpen(false)}
        width={640}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{
            campaignId: campaigns[0]?.id,
            issuingOrgId: me?.grants[0]?.orgId,
            reportFrequency: 'weekly',
            urgency: 'normal',
            mode: 'children',
          }}
        >
          <Form.Item name="campaignId" label="所属活动" rules={[{ required: true, message: '请选择活动' }]}>
            <Select options={campaigns.map((c) => ({ value: c.id, label: c.name }))} />
          </Form.Item>
          <Form.Item
            name="issuingOrgId"
            label="交办单位"
            rules={[{ required: true, message: '请选择交办单位' }]}
          >
            <OrgSelect initialLabel={me?.grants[0]?.orgName} />
          </Form.Item>
          <Form.Item name="title" label="事项名称" rules={[{ required: true, message: '请填写事项名称' }]}>
            <Input maxLength={200} data-testid="task-title" />
          </Form.Item>
          <Form.Item name="requirements" label="任务要求">
            <Input.TextArea rows={3} maxLength={5000} />
          </Form.Item>
          <Form.Item name="deadline" label="完成期限" rules={[{ required: true, message: '请选择完成期限' }]}>
            <DatePicker data-testid="task-deadline" />
          </Form.Item>
          <Form.Item name="reportFrequency" label="汇报频次">
            <Radio.Group
              options={[
                { value: 'daily', label: '每日' },
                { value: 'weekly', label: '每周' },
                { value: 'monthly', label: '每月' },
                { value: 'phase', label: '阶段性' },
              ]}
            />
          </Form.Item>
          <Form.Item name="urgency" label="紧急程度">
            <Radio.Group
              options={[
                { value: 'normal', label: '一般' },
                { value: 'urgent', label: '紧急' },
                { value: 'very_urgent', label: '特急' },
              ]}
            />
          </Form.Item>
          <Form.Item
            name="mode"
            label="下达对象"
            extra="下达给交办单位的全部直属下级单位，各单位可再逐级分解"
          >
            <Radio.Group options={[{ value: 'children', label: '全部直属下级单位' }]} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
