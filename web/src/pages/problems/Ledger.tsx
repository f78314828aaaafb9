import { useCallback, useEffect, useState } from 'react';
import { Button, Form, Input, Modal, Select, Space, Table, Tag, DatePicker, Switch } from 'antd';
import dayjs from 'dayjs';
import { Link, useNavigate } from 'react-router-dom';
import { campaignApi } from '../../api/endpoints';
import {
  CATEGORIES,
  CATEGORY_LABEL,
  LIGHT_LABEL,
  problemApi,
  SOURCE_LABEL,
  STATUS_LABEL,
  type ProblemCreate,
  type ProblemItem,
  type ProblemLight,
  type ProblemList,
  type ProblemStatus,
} from '../../api/problems';
import type { Campaign } from '../../api/types';
import { useAuth } from '../../auth/AuthContext';
import { ImportModal } from '../../components/ImportModal';
import { OrgSelect } from '../../components/OrgSelect';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';
import { ProblemLightTag, ProblemStatusTag } from './ui';

export interface Filters {
  orgId?: number;
  status?: ProblemStatus;
  light?: ProblemLight;
  source?: string;
  category?: string;
  groupId?: number;
  q?: string;
}

type CreateValues = Omit<ProblemCreate, 'deadline' | 'campaignId'> & { deadline: dayjs.Dayjs };

/** 整改台账: the filtered ledger with its lights and counts, Excel out and in, and new problems. */
export function Ledger({ preset }: { preset: Filters }) {
  const { t, fmtDate } = useI18n();
  const { can } = useAuth();
  const showError = useApiError();
  const navigate = useNavigate();
  const [filters, setFilters] = useState<Filters>(preset);
  const [page, setPage] = useState(1);
  const [data, setData] = useState<ProblemList | null>(null);
  const [loading, setLoading] = useState(true);
  const [importing, setImporting] = useState(false);
  const [creating, setCreating] = useState(false);
  const [campaigns, setCampaigns] = useState<Campaign[]>([]);
  const [form] = Form.useForm<CreateValues>();

  const load = useCallback(() => {
    setLoading(true);
    problemApi
      .list({ ...filters, page, pageSize: 20, sort: 'number' })
      .then(setData)
      .catch(showError)
      .finally(() => setLoading(false));
  }, [filters, page, showError]);
  useEffect(load, [load]);
  useEffect(() => {
    campaignApi
      .list()
      .then((r) => setCampaigns(r.items))
      .catch(() => undefined);
  }, []);

  const set = (patch: Filters) => {
    setPage(1);
    setFilters((f) => ({ ...f, ...patch }));
  };
  const counts = data?.counts ?? { status: {}, light: {} };
  const statusTotal = Object.values(counts.status).reduce((a, b) => a + b, 0);

  const create = async () => {
    const v = await form.validateFields();
    try {
      const p = await problemApi.create({
        ...v,
        campaignId: campaigns[0]?.id ?? 0,
        deadline: v.deadline.format('YYYY-MM-DD'),
      });
      setCreating(false);
      navigate(`/problems/${p.id}`);
    } catch (e) {
      showError(e, form);
    }
  };

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <OrgSelect
          value={filters.orgId}
          onChange={(orgId) => set({ orgId })}
          placeholder={t('pb.ledger.orgFilter')}
          style={{ width: 240 }}
        />
        <Select
          allowClear
          placeholder={t('pb.f.source')}
          style={{ width: 120 }}
          value={filters.source}
          onChange={(source?: string) => set({ source })}
          options={Object.entries(SOURCE_LABEL).map(([value, label]) => ({ value, label: t(label) }))}
        />
        <Select
          allowClear
          placeholder={t('pb.f.category')}
          style={{ width: 120 }}
          value={filters.category}
          onChange={(category?: string) => set({ category })}
          options={CATEGORIES.map((c) => ({ value: c, label: t(CATEGORY_LABEL[c]) }))}
        />
        <Input.Search
          allowClear
          placeholder={t('pb.ledger.search')}
          style={{ width: 240 }}
          onSearch={(q) => set({ q: q || undefined })}
          data-testid="problem-search"
        />
        <Button
          onClick={() => problemApi.exportXlsx({ ...filters }).catch(showError)}
          data-testid="problem-export"
        >
          {t('pb.ledger.export')}
        </Button>
        {can('problem.write') && (
          <>
            <Button onClick={() => setImporting(true)}>{t('pb.ledger.import')}</Button>
            <Button type="primary" onClick={() => setCreating(true)} data-testid="problem-new">
              {t('pb.ledger.new')}
            </Button>
          </>
        )}
      </Space>
      <Space wrap style={{ marginBottom: 12 }} data-testid="problem-counts">
        <Tag.CheckableTag checked={!filters.status} onChange={() => set({ status: undefined })}>
          {t('pb.ledger.all', { n: statusTotal })}
        </Tag.CheckableTag>
        {(Object.keys(STATUS_LABEL) as ProblemStatus[]).map((s) => (
          <Tag.CheckableTag
            key={s}
            checked={filters.status === s}
            onChange={(on) => set({ status: on ? s : undefined })}
            data-testid={`count-${s}`}
          >
            {t(STATUS_LABEL[s])} {counts.status[s] ?? 0}
          </Tag.CheckableTag>
        ))}
        <span style={{ margin: '0 8px', color: '#999' }}>|</span>
        {(['red', 'yellow', 'blue', 'green'] as ProblemLight[]).map((l) => (
          <Tag.CheckableTag
            key={l}
            checked={filters.light === l}
            onChange={(on) => set({ light: on ? l : undefined })}
          >
            {t(LIGHT_LABEL[l])} {counts.light[l] ?? 0}
          </Tag.CheckableTag>
        ))}
      </Space>
      <Table<ProblemItem>
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={data?.items ?? []}
        pagination={{
          current: page,
          total: data?.total ?? 0,
          pageSize: 20,
          onChange: setPage,
          showSizeChanger: false,
        }}
        columns={[
          {
            title: t('pb.col.light'),
            dataIndex: 'light',
            width: 110,
            render: (l: ProblemLight) => <ProblemLightTag light={l} />,
          },
          { title: t('pb.col.number'), dataIndex: 'number', width: 150 },
          {
            title: t('pb.col.problem'),
            dataIndex: 'title',
            render: (v: string, r) => <Link to={`/problems/${r.id}`}>{v}</Link>,
          },
          {
            title: t('pb.col.source'),
            dataIndex: 'source',
            width: 90,
            render: (s: string) => (SOURCE_LABEL[s] ? t(SOURCE_LABEL[s]) : s),
          },
          {
            title: t('pb.col.category'),
            dataIndex: 'category',
            width: 90,
            render: (c: string) => (CATEGORY_LABEL[c] ? t(CATEGORY_LABEL[c]) : c),
          },
          { title: t('pb.f.org'), dataIndex: 'orgName', width: 200, ellipsis: true },
          { title: t('pb.f.deadline'), dataIndex: 'deadline', width: 130, render: (v: string) => fmtDate(v) },
          {
            title: t('pb.col.measures'),
            key: 'm',
            width: 80,
            render: (_, r) => `${r.measuresDone}/${r.measureCount}`,
          },
          {
            title: t('pb.col.status'),
            dataIndex: 'status',
            width: 120,
            render: (s: ProblemStatus) => <ProblemStatusTag status={s} />,
          },
        ]}
      />
      <ImportModal
        open={importing}
        title={t('pb.ledger.importTitle')}
        hint={t('pb.ledger.importHint')}
        preview={problemApi.importPreview}
        commit={problemApi.importCommit}
        onClose={() => setImporting(false)}
        onDone={() => {
          setImporting(false);
          load();
        }}
      />
      <Modal
        title={t('pb.ledger.new')}
        open={creating}
        onOk={create}
        onCancel={() => setCreating(false)}
        width={640}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" initialValues={{ source: 'self', open: true }}>
          <Form.Item
            name="orgId"
            label={t('pb.f.org')}
            rules={[{ required: true, message: t('pb.f.orgRequired') }]}
          >
            <OrgSelect />
          </Form.Item>
          <Form.Item
            name="title"
            label={t('pb.f.title')}
            rules={[{ required: true, message: t('pb.f.titleRequired') }]}
          >
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="manifestation" label={t('pb.f.manifestation')}>
            <Input.TextArea rows={3} maxLength={5000} />
          </Form.Item>
          <Space>
            <Form.Item
              name="category"
              label={t('pb.f.category')}
              rules={[{ required: true, message: t('pb.f.categoryRequired') }]}
            >
              <Select
                style={{ width: 140 }}
                options={CATEGORIES.map((c) => ({ value: c, label: t(CATEGORY_LABEL[c]) }))}
              />
            </Form.Item>
            <Form.Item name="source" label={t('pb.f.source')}>
              <Select
                style={{ width: 140 }}
                options={Object.entries(SOURCE_LABEL).map(([value, label]) => ({ value, label: t(label) }))}
              />
            </Form.Item>
            <Form.Item
              name="deadline"
              label={t('pb.f.deadline')}
              rules={[{ required: true, message: t('pb.f.deadlineRequired') }]}
            >
              <DatePicker />
            </Form.Item>
          </Space>
          <Space>
            <Form.Item name="leaderName" label={t('pb.f.leader')}>
              <Input maxLength={50} />
            </Form.Item>
            <Form.Item name="personName" label={t('pb.f.person')}>
              <Input maxLength={50} />
            </Form.Item>
            <Form.Item name="open" label={t('pb.ledger.openNow')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Space>
          <Form.Item name="target" label={t('pb.f.target')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
