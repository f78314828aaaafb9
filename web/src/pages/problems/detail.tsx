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
  CATEGORY_LABEL,
  MEASURE_LABEL,
  problemApi,
  SOURCE_LABEL,
  STATUS_LABEL,
  type Measure,
  type MeasureType,
  type ProblemDetail,
  type ProblemStatus,
} from '../../api/problems';
import { Loading } from '../../components/Loading';
import { useApiError } from '../../components/useApiError';
import { useI18n, type MessageKey } from '../../i18n';
import { ActionBar } from './ActionBar';
import { ProblemLightTag, ProblemStatusTag } from './ui';

const EVENT_LABEL: Record<string, MessageKey> = {
  ...ACTION_LABEL,
  create: 'pb.ev.create',
  inspection: 'pb.ev.inspection',
  import: 'pb.ev.import',
  update: 'pb.ev.update',
  measure_add: 'pb.ev.measure_add',
  measure_update: 'pb.ev.measure_update',
  file: 'pb.ev.file',
};

/** One problem: its facts, measures, evidence, timeline and exactly the actions the caller may take. */
export default function ProblemDetailPage() {
  const id = Number(useParams().id);
  const { t, fmtDate, fmtDateTime } = useI18n();
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
        extra={<Link to="/problems">{t('pb.d.back')}</Link>}
      >
        <ActionBar p={p} onChange={setP} />
        <Descriptions column={3} size="small" style={{ marginTop: 16 }} bordered>
          <Descriptions.Item label={t('pb.f.source')}>
            {SOURCE_LABEL[p.source] ? t(SOURCE_LABEL[p.source]) : p.source}
          </Descriptions.Item>
          <Descriptions.Item label={t('pb.f.category')}>
            {CATEGORY_LABEL[p.category] ? t(CATEGORY_LABEL[p.category]) : p.category}
          </Descriptions.Item>
          <Descriptions.Item label={t('pb.f.deadline')}>{fmtDate(p.deadline)}</Descriptions.Item>
          <Descriptions.Item label={t('pb.f.org')}>{p.orgName}</Descriptions.Item>
          <Descriptions.Item label={t('pb.d.issuingOrg')}>{p.issuingOrgName}</Descriptions.Item>
          <Descriptions.Item label={t('pb.d.leaderPerson')}>
            {p.leaderName || '—'} / {p.personName || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('pb.f.manifestation')} span={3}>
            {p.manifestation}
          </Descriptions.Item>
          <Descriptions.Item label={t('pb.d.cause')} span={3}>
            {p.causeSubjective && <div>{t('pb.d.subjective', { text: p.causeSubjective })}</div>}
            {p.causeSystemic && <div>{t('pb.d.systemic', { text: p.causeSystemic })}</div>}
          </Descriptions.Item>
          <Descriptions.Item label={t('pb.f.target')} span={3}>
            {p.target}
          </Descriptions.Item>
          {p.extensionDeadline && (
            <Descriptions.Item label={t('pb.d.extension')} span={3}>
              {t('pb.act.extendAsk', { date: fmtDate(p.extensionDeadline), reason: p.extensionReason ?? '' })}
            </Descriptions.Item>
          )}
          {p.groupTitle && (
            <Descriptions.Item label={t('pb.d.group')} span={3}>
              {p.groupTitle}
            </Descriptions.Item>
          )}
          {p.signedOffAt && (
            <Descriptions.Item label={t('pb.d.signOff')} span={3}>
              {t('pb.d.signOffText', {
                date: fmtDate(p.signedOffAt),
                by: p.signedOffByName ?? '',
                opinion: p.signOffOpinion ?? '',
              })}
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('pb.d.rules')} span={3}>
            {p.rules.length ? p.rules.map((r) => <Tag key={r.id}>{r.title}</Tag>) : '—'}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card variant="borderless" title={t('pb.d.measures')} size="small">
        <Table<Measure>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={p.measures}
          data-testid="measures"
          columns={[
            { title: t('pb.d.seq'), dataIndex: 'seq', width: 40 },
            { title: t('pb.col.measures'), dataIndex: 'text' },
            {
              title: t('pb.d.type'),
              dataIndex: 'type',
              width: 90,
              render: (m: MeasureType) => t(MEASURE_LABEL[m]),
            },
            {
              title: t('pb.d.due'),
              dataIndex: 'deadline',
              width: 120,
              render: (v: string | null) => fmtDate(v),
            },
            {
              title: t('pb.d.progress'),
              dataIndex: 'progress',
              width: 260,
              render: (v: string, m) =>
                p.canEdit ? (
                  <Input
                    defaultValue={v}
                    placeholder={t('pb.d.progressPh')}
                    onPressEnter={(e) => patchMeasure(m, { progress: e.currentTarget.value })}
                  />
                ) : (
                  v
                ),
            },
            {
              title: t('pb.d.done'),
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
            <Form.Item
              name="text"
              rules={[{ required: true, message: t('pb.d.measureRequired') }]}
              style={{ flex: 1 }}
            >
              <Input placeholder={t('pb.d.newMeasure')} data-testid="measure-text" />
            </Form.Item>
            <Form.Item name="type">
              <Select
                style={{ width: 120 }}
                options={Object.entries(MEASURE_LABEL).map(([value, label]) => ({ value, label: t(label) }))}
              />
            </Form.Item>
            <Form.Item name="deadline">
              <DatePicker placeholder={t('pb.d.measureDue')} />
            </Form.Item>
            <Button onClick={addMeasure} data-testid="measure-add">
              {t('pb.d.addMeasure')}
            </Button>
          </Form>
        )}
      </Card>
      <Card variant="borderless" title={t('pb.d.evidence')} size="small">
        <List
          size="small"
          dataSource={p.files}
          locale={{ emptyText: t('pb.d.noEvidence') }}
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
                    message.success(t('pb.d.uploaded'));
                    return load();
                  })
                  .catch(showError);
              }}
            >
              <Button data-testid="evidence-upload">{t('pb.d.upload')}</Button>
            </Upload>
            <Input.TextArea
              rows={2}
              defaultValue={p.resultText}
              placeholder={t('pb.d.resultPh')}
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
      <Card variant="borderless" title={t('pb.d.process')} size="small">
        <Timeline
          items={p.events.map((e) => ({
            children: (
              <span>
                {fmtDateTime(e.at)} · {e.actorName} ·{' '}
                {EVENT_LABEL[e.action] ? t(EVENT_LABEL[e.action]) : e.action}
                {e.toStatus && e.fromStatus
                  ? ` → ${e.toStatus in STATUS_LABEL ? t(STATUS_LABEL[e.toStatus as ProblemStatus]) : e.toStatus}`
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
