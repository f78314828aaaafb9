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
      message.success(`已向 ${r.count} 个未销号问题统一下发措施`);
      measure.resetFields();
    } catch (e) {
      showError(e, measure);
    }
  };

  return (
    <Card
      size="small"
      title="问题归类（系统性问题）"
      style={{ marginBottom: 16 }}
      extra={
        can('problem.write') && (
          <Button size="small" type="primary" onClick={() => setCreating(true)} data-testid="group-new">
            新建归类
          </Button>
        )
      }
    >
      <List
        dataSource={groups}
        locale={{ emptyText: '暂无归类' }}
        renderItem={(g) => (
          <List.Item
            actions={[
              <a key="d" onClick={() => open(g.id)} data-testid="group-open">
                单位与措施
              </a>,
              <a key="l" onClick={() => onGroup(g.id)}>
                查看问题
              </a>,
            ]}
          >
            <List.Item.Meta
              title={g.title}
              description={`${g.orgName} · 涉及 ${g.unitCount} 个单位、${g.problemCount} 个问题 · ${g.description}`}
            />
          </List.Item>
        )}
      />
      <Modal
        title="新建问题归类"
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
            label="归类单位（上级单位）"
            rules={[{ required: true, message: '请选择归类单位' }]}
          >
            <OrgSelect data-testid="group-org" />
          </Form.Item>
          <Form.Item name="title" label="归类名称" rules={[{ required: true, message: '请填写归类名称' }]}>
            <Input maxLength={200} data-testid="group-title" />
          </Form.Item>
          <Form.Item name="description" label="共性问题说明">
            <Input.TextArea rows={2} maxLength={5000} />
          </Form.Item>
          <Form.Item
            name="problemIds"
            label="各单位的同类问题"
            rules={[{ required: true, message: '请选择要归类的问题' }]}
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
              涉及单位：
              {detail.units.map((u) => (
                <Tag key={u.orgId}>
                  {u.orgName} {u.count} 个
                </Tag>
              ))}
            </Space>
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={detail.problems}
              columns={[
                { title: '问题编号', dataIndex: 'number', width: 150 },
                { title: '问题', dataIndex: 'title' },
                { title: '责任单位', dataIndex: 'orgName', width: 200, ellipsis: true },
                {
                  title: '状态',
                  dataIndex: 'status',
                  width: 120,
                  render: (s: GroupDetail['problems'][number]['status']) => <ProblemStatusTag status={s} />,
                },
              ]}
            />
            {can('problem.write') && (
              <Card size="small" title="统一下发整改措施" style={{ marginTop: 16 }}>
                <Form form={measure} layout="vertical" initialValues={{ type: 'by_deadline' }}>
                  <Form.Item name="text" label="措施" rules={[{ required: true, message: '请填写措施内容' }]}>
                    <Input.TextArea rows={2} maxLength={2000} data-testid="group-measure-text" />
                  </Form.Item>
                  <Space wrap>
                    <Form.Item name="type" label="整改类型">
                      <Select
                        style={{ width: 130 }}
                        options={Object.entries(MEASURE_LABEL).map(([value, label]) => ({ value, label }))}
                      />
                    </Form.Item>
                    <Form.Item name="deadline" label="时限">
                      <DatePicker />
                    </Form.Item>
                    <Form.Item name="ownerName" label="责任人">
                      <Input maxLength={50} />
                    </Form.Item>
                  </Space>
                  <Button type="primary" onClick={issue} data-testid="group-measure-issue">
                    下发到全部未销号问题
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
