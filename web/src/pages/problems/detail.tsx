import { useCallback, useEffect, useState } from 'react';
import {
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Form,
  Input,
  List,
  Select,
  Space,
  Table,
  Tag,
  Timeline,
  Upload,
} from 'antd';
import type dayjs from 'dayjs';
import { Link, useParams } from 'react-router-dom';
import {
  ACTION_LABEL,
  MEASURE_LABEL,
  problemApi,
  SOURCE_LABEL,
  STATUS_LABEL,
  type Measure,
  type MeasureType,
  type ProblemAction,
  type ProblemDetail,
  type ProblemStatus,
} from '../../api/problems';
import { Loading } from '../../components/Loading';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';
import { ActionBar } from './ActionBar';
import { ProblemLightTag, ProblemStatusTag } from './ui';

const EVENT_LABEL: Record<string, string> = {
  ...ACTION_LABEL,
  create: '登记问题',
  inspection: '自我检视查摆',
  import: '台账导入',
  update: '修改信息',
  measure_add: '新增措施',
  measure_update: '更新措施',
  file: '上传佐证材料',
};

/** One problem: its facts, measures, evidence, timeline and exactly the actions the caller may take. */
export default function ProblemDetailPage() {
  const id = Number(useParams().id);
  const { fmtDate, fmtDateTime } = useI18n();
  const { message } = App.useApp();
  const showError = useApiError();
  const [p, setP] = useState<ProblemDetail | null>(null);
  const [form] = Form.useForm<{ text: string; type: MeasureType; deadline?: dayjs.Dayjs }>();
  const load = useCallback(() => problemApi.get(id).then(setP).catch(showError), [id, showError]);
  useEffect(() => {
    void load();
  }, [load]);
  if (!p) return <Loading />;

  const addMeasure = async () => {
    const v = await form.validateFields();
    try {
      setP(await problemApi.addMeasure(p.id, { ...v, deadline: v.deadline?.format('YYYY-MM-DD') }));
      form.resetFields();
    } catch (e) {
      showError(e, form);
    }
  };
  const patchMeasure = async (m: Measure, body: Record<string, unknown>) => {
    try {
      setP(await problemApi.updateMeasure(m.id, { version: m.version, ...body }));
    } catch (e) {
      showError(e);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      <Card
        variant="borderless"
        title={
          <Space>
            <span data-testid="problem-number">{p.number}</span>
            <span>{p.title}</span>
            <ProblemStatusTag status={p.status} />
            <ProblemLightTag light={p.light} />
          </Space>
        }
        extra={<Link to="/problems">返回台账</Link>}
      >
        <ActionBar p={p} onChange={setP} />
        <Descriptions column={3} size="small" style={{ marginTop: 16 }} bordered>
          <Descriptions.Item label="问题来源">{SOURCE_LABEL[p.source] ?? p.source}</Descriptions.Item>
          <Descriptions.Item label="问题类别">{p.category}</Descriptions.Item>
          <Descriptions.Item label="整改时限">{fmtDate(p.deadline)}</Descriptions.Item>
          <Descriptions.Item label="责任单位">{p.orgName}</Descriptions.Item>
          <Descriptions.Item label="交办单位">{p.issuingOrgName}</Descriptions.Item>
          <Descriptions.Item label="责任领导 / 责任人">
            {p.leaderName || '—'} / {p.personName || '—'}
          </Descriptions.Item>
          <Descriptions.Item label="问题表现" span={3}>
            {p.manifestation}
          </Descriptions.Item>
          <Descriptions.Item label="根源剖析" span={3}>
            {p.causeSubjective && <div>主观原因：{p.causeSubjective}</div>}
            {p.causeSystemic && <div>体制机制：{p.causeSystemic}</div>}
          </Descriptions.Item>
          <Descriptions.Item label="整改目标" span={3}>
            {p.target}
          </Descriptions.Item>
          {p.extensionDeadline && (
            <Descriptions.Item label="延期申请" span={3}>
              申请延期至 {fmtDate(p.extensionDeadline)}：{p.extensionReason}
            </Descriptions.Item>
          )}
          {p.groupTitle && (
            <Descriptions.Item label="问题归类" span={3}>
              {p.groupTitle}
            </Descriptions.Item>
          )}
          {p.signedOffAt && (
            <Descriptions.Item label="销号情况" span={3}>
              {fmtDate(p.signedOffAt)}，验收人：{p.signedOffByName}，意见：{p.signOffOpinion}
            </Descriptions.Item>
          )}
          <Descriptions.Item label="建章立制" span={3}>
            {p.rules.length ? p.rules.map((r) => <Tag key={r.id}>{r.title}</Tag>) : '—'}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card variant="borderless" title="整改措施" size="small">
        <Table<Measure>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={p.measures}
          data-testid="measures"
          columns={[
            { title: '序', dataIndex: 'seq', width: 40 },
            { title: '措施', dataIndex: 'text' },
            { title: '类型', dataIndex: 'type', width: 90, render: (t: MeasureType) => MEASURE_LABEL[t] },
            { title: '时限', dataIndex: 'deadline', width: 120, render: (v: string | null) => fmtDate(v) },
            {
              title: '进展',
              dataIndex: 'progress',
              width: 260,
              render: (v: string, m) =>
                p.canEdit ? (
                  <Input
                    defaultValue={v}
                    placeholder="填写进展后回车"
                    onPressEnter={(e) => patchMeasure(m, { progress: e.currentTarget.value })}
                  />
                ) : (
                  v
                ),
            },
            {
              title: '完成',
              dataIndex: 'done',
              width: 70,
              render: (done: boolean, m) => (
                <Checkbox
                  checked={done}
                  disabled={!p.canEdit}
                  data-testid={`measure-done-${m.seq}`}
                  onChange={(e) => patchMeasure(m, { done: e.target.checked })}
                />
              ),
            },
          ]}
        />
        {p.canEdit && (
          <Form form={form} layout="inline" style={{ marginTop: 12 }} initialValues={{ type: 'fix_now' }}>
            <Form.Item name="text" rules={[{ required: true, message: '请填写措施' }]} style={{ flex: 1 }}>
              <Input placeholder="新增整改措施" data-testid="measure-text" />
            </Form.Item>
            <Form.Item name="type">
              <Select
                style={{ width: 120 }}
                options={Object.entries(MEASURE_LABEL).map(([value, label]) => ({ value, label }))}
              />
            </Form.Item>
            <Form.Item name="deadline">
              <DatePicker placeholder="措施时限" />
            </Form.Item>
            <Button onClick={addMeasure} data-testid="measure-add">
              添加措施
            </Button>
          </Form>
        )}
      </Card>
      <Card variant="borderless" title="佐证材料与整改结果" size="small">
        <List
          size="small"
          dataSource={p.files}
          locale={{ emptyText: '暂无佐证材料' }}
          renderItem={(f) => (
            <List.Item>
              <a onClick={() => problemApi.downloadFile(f.id, f.fileName).catch(showError)}>{f.fileName}</a>
              <span style={{ color: '#999' }}>
                {Math.ceil(f.size / 1024)} KB · {f.uploadedByName} · {fmtDateTime(f.createdAt)}
              </span>
            </List.Item>
          )}
        />
        {p.canEdit && (
          <Space direction="vertical" style={{ width: '100%', marginTop: 8 }}>
            <Upload
              showUploadList={false}
              accept=".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.txt"
              customRequest={({ file }) => {
                problemApi
                  .upload(p.id, file as File)
                  .then(() => {
                    message.success('已上传');
                    return load();
                  })
                  .catch(showError);
              }}
            >
              <Button data-testid="evidence-upload">
                上传佐证材料（PDF、图片、Word、Excel、文本，≤10MB）
              </Button>
            </Upload>
            <Input.TextArea
              rows={2}
              defaultValue={p.resultText}
              placeholder="整改结果（无佐证文件时须填写）"
              onBlur={(e) =>
                e.target.value !== p.resultText &&
                problemApi
                  .update(p.id, { version: p.version, resultText: e.target.value })
                  .then(setP)
                  .catch(showError)
              }
            />
          </Space>
        )}
      </Card>
      <Card variant="borderless" title="办理过程" size="small">
        <Timeline
          items={p.events.map((e) => ({
            children: (
              <span>
                {fmtDateTime(e.at)} · {e.actorName} ·{' '}
                {EVENT_LABEL[e.action as ProblemAction] ?? EVENT_LABEL[e.action] ?? e.action}
                {e.toStatus && e.fromStatus
                  ? ` → ${STATUS_LABEL[e.toStatus as ProblemStatus] ?? e.toStatus}`
                  : ''}
                {e.comment ? `：${e.comment}` : ''}
              </span>
            ),
          }))}
        />
      </Card>
    </Space>
  );
}
