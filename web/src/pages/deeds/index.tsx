import { useCallback, useEffect, useState, type HTMLAttributes } from 'react';
import { App, Button, DatePicker, Form, Input, InputNumber, Modal, Progress, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { deedApi } from '../../api/opinions';
import type { Deed } from '../../api/public';
import { OrgSelect } from '../../components/OrgSelect';
import { PageCard } from '../../components/PageCard';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';

interface NewDeed {
  orgId: number;
  title: string;
  description?: string;
  leaderName?: string;
  targetDate: Dayjs;
  milestones: { title: string; weight: number }[];
}

/** 为群众办实事: register deeds with weighted milestones, update progress, complete. */
export default function DeedsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const showError = useApiError();
  const [data, setData] = useState<{ items: Deed[]; total: number }>({ items: [], total: 0 });
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Deed | null>(null);
  const [form] = Form.useForm<NewDeed>();
  const [progress, setProgress] = useState<Record<number, number>>({});
  const load = useCallback(() => {
    deedApi
      .list({ pageSize: 100 })
      .then(setData)
      .catch((e: unknown) => showError(e));
  }, [showError]);
  useEffect(load, [load]);

  const create = async (v: NewDeed) => {
    try {
      await deedApi.create({ ...v, targetDate: v.targetDate.format('YYYY-MM-DD') });
      setCreating(false);
      form.resetFields();
      load();
    } catch (e) {
      showError(e, form);
    }
  };
  const save = async () => {
    if (!editing) return;
    try {
      await deedApi.progress(editing.id, {
        version: editing.version,
        milestones: editing.milestones.map((m) => ({ id: m.id, progress: progress[m.id] ?? m.progress })),
      });
      setEditing(null);
      message.success(t('deeds.progressSaved'));
      load();
    } catch (e) {
      showError(e);
    }
  };
  const complete = (d: Deed) =>
    Modal.confirm({
      title: t('deeds.confirmComplete', { title: d.title }),
      onOk: () =>
        deedApi
          .complete(d.id, d.version)
          .then(load)
          .catch((e: unknown) => showError(e)),
    });

  return (
    <PageCard
      title={t('deeds.title')}
      extra={
        <Button type="primary" onClick={() => setCreating(true)} data-testid="deed-new">
          {t('deeds.new')}
        </Button>
      }
    >
      <Table<Deed>
        rowKey="id"
        size="small"
        dataSource={data.items}
        scroll={{ x: 800 }}
        onRow={(d) => ({ 'data-testid': `deed-${d.title}` }) as HTMLAttributes<HTMLElement>}
        expandable={{
          expandedRowRender: (d) => (
            <Space direction="vertical" style={{ width: '100%' }}>
              {d.milestones.map((m) => (
                <Space key={m.id} style={{ width: '100%' }} wrap>
                  <span style={{ minWidth: 160, display: 'inline-block' }}>
                    {t('deeds.milestoneWeight', { title: m.title, weight: m.weight })}
                  </span>
                  <Progress percent={m.progress} size="small" style={{ width: 160 }} />
                </Space>
              ))}
            </Space>
          ),
        }}
        columns={[
          { title: t('deeds.deed'), dataIndex: 'title' },
          { title: t('deeds.org'), dataIndex: 'orgName' },
          { title: t('deeds.leader'), dataIndex: 'leaderName' },
          { title: t('deeds.targetDate'), dataIndex: 'targetDate' },
          {
            title: t('deeds.progress'),
            dataIndex: 'progress',
            render: (p: number) => (
              <Progress percent={p} size="small" format={(n) => `${n}%`} data-testid="deed-progress" />
            ),
          },
          {
            title: t('deeds.status'),
            dataIndex: 'status',
            render: (s: string) =>
              s === 'completed' ? (
                <Tag color="green">{t('deeds.status.completed')}</Tag>
              ) : (
                <Tag>{t('deeds.status.active')}</Tag>
              ),
          },
          {
            title: t('deeds.actions'),
            render: (_: unknown, d) =>
              d.status === 'active' && (
                <Space>
                  <Button
                    size="small"
                    onClick={() => (setProgress({}), setEditing(d))}
                    data-testid="deed-update"
                  >
                    {t('deeds.updateProgress')}
                  </Button>
                  <Button size="small" onClick={() => complete(d)} data-testid="deed-complete">
                    {t('deeds.complete')}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
      <Modal
        open={creating}
        title={t('deeds.new')}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={create}
          initialValues={{ milestones: [{ title: '', weight: 1 }] }}
        >
          <Form.Item
            name="orgId"
            label={t('deeds.org')}
            rules={[{ required: true, message: t('deeds.orgMissing') }]}
          >
            <OrgSelect data-testid="deed-org" />
          </Form.Item>
          <Form.Item
            name="title"
            label={t('deeds.name')}
            rules={[{ required: true, max: 100, message: t('deeds.nameMissing') }]}
          >
            <Input data-testid="deed-title" />
          </Form.Item>
          <Form.Item name="description" label={t('deeds.description')}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          <Form.Item name="leaderName" label={t('deeds.leader')}>
            <Input maxLength={20} />
          </Form.Item>
          <Form.Item
            name="targetDate"
            label={t('deeds.targetDate')}
            rules={[{ required: true, message: t('deeds.dateMissing') }]}
          >
            <DatePicker data-testid="deed-date" />
          </Form.Item>
          <Form.List name="milestones">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline">
                    <Form.Item
                      name={[f.name, 'title']}
                      rules={[{ required: true, message: t('deeds.milestone') }]}
                    >
                      <Input placeholder={t('deeds.milestone')} data-testid={`milestone-title-${f.name}`} />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'weight']}
                      rules={[{ required: true, message: t('deeds.weight') }]}
                    >
                      <InputNumber min={1} max={100} placeholder={t('deeds.weight')} />
                    </Form.Item>
                    <Button type="link" onClick={() => remove(f.name)}>
                      {t('deeds.remove')}
                    </Button>
                  </Space>
                ))}
                <Button onClick={() => add({ title: '', weight: 1 })} data-testid="milestone-add">
                  {t('deeds.addMilestone')}
                </Button>
              </>
            )}
          </Form.List>
        </Form>
      </Modal>
      <Modal
        open={editing !== null}
        title={editing?.title}
        onCancel={() => setEditing(null)}
        onOk={save}
        destroyOnHidden
      >
        {editing?.milestones.map((m) => (
          <Space key={m.id} style={{ display: 'flex', marginBottom: 8 }}>
            <span style={{ width: 160, display: 'inline-block' }}>
              {t('deeds.milestoneWeight', { title: m.title, weight: m.weight })}
            </span>
            <InputNumber
              min={0}
              max={100}
              addonAfter="%"
              value={progress[m.id] ?? m.progress}
              data-testid={`milestone-progress-${m.title}`}
              onChange={(v) => setProgress((p) => ({ ...p, [m.id]: Number(v ?? 0) }))}
            />
          </Space>
        ))}
      </Modal>
    </PageCard>
  );
}
