import { useI18n } from '../../i18n';
import { useCallback, useEffect, useState } from 'react';
import {
  App,
  Button,
  Card,
  DatePicker,
  Drawer,
  Form,
  Input,
  List,
  Modal,
  Select,
  Space,
  Table,
  Tag,
} from 'antd';
import type dayjs from 'dayjs';
import { useAuth } from '../../auth/AuthContext';
import {
  MEASURE_LABEL,
  problemApi,
  type Group,
  type GroupDetail,
  type MeasureType,
} from '../../api/problems';
import { OrgSelect } from '../../components/OrgSelect';
import { useApiError } from '../../components/useApiError';
import { ProblemPicker } from './ProblemPicker';
import { ProblemStatusTag } from './ui';

interface GroupValues {
  orgId: number;
  title: string;
  description?: string;
  problemIds: number[];
}
interface MeasureValues {
  text: string;
  type: MeasureType;
  deadline?: dayjs.Dayjs;
  ownerName?: string;
}

/** 问题归类: an upper unit groups the same problem found in many units, sees them by unit, issues one measure. */
export function Groups({ campaignId, onGroup }: { campaignId?: number; onGroup: (groupId: number) => void }) {
  const { can } = useAuth();
  const { t } = useI18n();
  const { message } = App.useApp();
  const showError = useApiError();
  const [groups, setGroups] = useState<Group[]>([]);
  const [creating, setCreating] = useState(false);
  const [detail, setDetail] = useState<GroupDetail | null>(null);
  const [form] = Form.useForm<GroupValues>();
  const [measure] = Form.useForm<MeasureValues>();
  const orgId = Form.useWatch('orgId', form);

  const load = useCallback(() => {
    problemApi
      .groups()
      .then((r) => setGroups(r.items))
      .catch(showError);
  }, [showError]);
  useEffect(load, [load]);
  const open = (id: number) => problemApi.group(id).then(setDetail).catch(showError);

  const create = async () => {
    const v = await form.validateFields();
    if (!campaignId) return;
    try {
      const g = await problemApi.createGroup({ ...v, campaignId });
      setCreating(false);
      load();
      setDetail(g);
    } catch (e) {
      showError(e, form);
    }
  };
  const issue = async () => {
    if (!detail) return;
    const v = await measure.validateFields();
    try {
      const r = await problemApi.groupMeasure(detail.id, {
        ...v,
        deadline: v.deadline ? v.deadline.format('YYYY-MM-DD') : undefined,
      });
      message.success(t('pb.g.issued', { n: r.count }));
      measure.resetFields();
    } catch (e) {
      showError(e, measure);
    }
  };

  return (
    <Card
      size="small"
      title={t('pb.g.title')}
      style={{ marginBottom: 16 }}
      extra={
        can('problem.write') && (
          <Button size="small" type="primary" onClick={() => setCreating(true)} data-testid="group-new">
            {t('pb.g.new')}
          </Button>
        )
      }
    >
      <List
        dataSource={groups}
        locale={{ emptyText: t('pb.g.empty') }}
        renderItem={(g) => (
          <List.Item
            actions={[
              <a key="d" onClick={() => open(g.id)} data-testid="group-open">
                {t('pb.g.units')}
              </a>,
              <a key="l" onClick={() => onGroup(g.id)}>
                {t('pb.g.problems')}
              </a>,
            ]}
          >
            <List.Item.Meta
              title={g.title}
              description={t('pb.g.desc', {
                org: g.orgName,
                units: g.unitCount,
                problems: g.problemCount,
                description: g.description,
              })}
            />
          </List.Item>
        )}
      />
      <Modal
        title={t('pb.g.newTitle')}
        open={creating}
        onOk={create}
        onCancel={() => setCreating(false)}
        okButtonProps={{ 'data-testid': 'group-save' } as Record<string, string>}
        width={680}
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          <Form.Item
            name="orgId"
            label={t('pb.g.org')}
            rules={[{ required: true, message: t('pb.g.orgRequired') }]}
          >
            <OrgSelect data-testid="group-org" />
          </Form.Item>
          <Form.Item
            name="title"
            label={t('pb.g.name')}
            rules={[{ required: true, message: t('pb.g.nameRequired') }]}
          >
            <Input maxLength={200} data-testid="group-title" />
          </Form.Item>
          <Form.Item name="description" label={t('pb.g.common')}>
            <Input.TextArea rows={2} maxLength={5000} />
          </Form.Item>
          <Form.Item
            name="problemIds"
            label={t('pb.g.members')}
            rules={[{ required: true, message: t('pb.g.membersRequired') }]}
          >
            <ProblemPicker orgId={orgId} data-testid="group-problems" />
          </Form.Item>
        </Form>
      </Modal>
      <Drawer
        title={detail?.title}
        open={detail !== null}
        onClose={() => setDetail(null)}
        size="large"
        destroyOnHidden
      >
        {detail && (
          <>
            <Space wrap style={{ marginBottom: 12 }} data-testid="group-units">
              {t('pb.g.involved')}
              {detail.units.map((u) => (
                <Tag key={u.orgId}>{t('pb.g.unitCount', { org: u.orgName, n: u.count })}</Tag>
              ))}
            </Space>
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={detail.problems}
              columns={[
                { title: t('pb.col.number'), dataIndex: 'number', width: 150 },
                { title: t('pb.col.problem'), dataIndex: 'title' },
                { title: t('pb.f.org'), dataIndex: 'orgName', width: 200, ellipsis: true },
                {
                  title: t('pb.col.status'),
                  dataIndex: 'status',
                  width: 120,
                  render: (s: GroupDetail['problems'][number]['status']) => <ProblemStatusTag status={s} />,
                },
              ]}
            />
            {can('problem.write') && (
              <Card size="small" title={t('pb.g.issueCard')} style={{ marginTop: 16 }}>
                <Form form={measure} layout="vertical" initialValues={{ type: 'by_deadline' }}>
                  <Form.Item
                    name="text"
                    label={t('pb.col.measures')}
                    rules={[{ required: true, message: t('pb.g.measureRequired') }]}
                  >
                    <Input.TextArea rows={2} maxLength={2000} data-testid="group-measure-text" />
                  </Form.Item>
                  <Space wrap>
                    <Form.Item name="type" label={t('pb.g.measureType')}>
                      <Select
                        style={{ width: 130 }}
                        options={Object.entries(MEASURE_LABEL).map(([value, label]) => ({
                          value,
                          label: t(label),
                        }))}
                      />
                    </Form.Item>
                    <Form.Item name="deadline" label={t('pb.d.due')}>
                      <DatePicker />
                    </Form.Item>
                    <Form.Item name="ownerName" label={t('pb.f.person')}>
                      <Input maxLength={50} />
                    </Form.Item>
                  </Space>
                  <Button type="primary" onClick={issue} data-testid="group-measure-issue">
                    {t('pb.g.issueAll')}
                  </Button>
                </Form>
              </Card>
            )}
          </>
        )}
      </Drawer>
    </Card>
  );
}
