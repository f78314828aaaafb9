import { useI18n, type Translate } from '../../i18n';
import { useEffect, useRef, useState } from 'react';
import { App, Button, Form, Input, Modal, Radio, Space, Table } from 'antd';
import { useNavigate } from 'react-router-dom';
import { problemApi, type ChecklistItem } from '../../api/problems';
import { OrgSelect } from '../../components/OrgSelect';
import { useApiError } from '../../components/useApiError';

interface RoundValues {
  orgId: number;
  kind: 'team' | 'individual';
  title: string;
}

/** 发起检视: a leadership-team (班子) or individual (个人) inspection round of an org against the checklist. */
export function RoundModal({
  open,
  campaignId,
  onClose,
}: {
  open: boolean;
  campaignId?: number;
  onClose: () => void;
}) {
  const [form] = Form.useForm<RoundValues>();
  const showError = useApiError();
  const { t } = useI18n();
  const navigate = useNavigate();
  const save = async () => {
    const v = await form.validateFields();
    if (!campaignId) return;
    try {
      const r = await problemApi.createRound({ ...v, campaignId });
      onClose();
      navigate(`/inspections/${r.id}`);
    } catch (e) {
      showError(e, form);
    }
  };
  return (
    <Modal
      title={t('pb.i.start')}
      open={open}
      onOk={save}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'round-save' } as Record<string, string>}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ kind: 'team' }}>
        <Form.Item
          name="orgId"
          label={t('pb.rd.org')}
          rules={[{ required: true, message: t('pb.rd.orgRequired') }]}
        >
          <OrgSelect data-testid="round-org" />
        </Form.Item>
        <Form.Item name="kind" label={t('pb.rd.kind')} extra={t('pb.rd.kindExtra')}>
          <Radio.Group
            options={[
              { value: 'team', label: t('pb.i.team') },
              { value: 'individual', label: t('pb.i.individual') },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('pb.rd.name')}
          rules={[{ required: true, message: t('pb.rd.nameRequired') }]}
        >
          <Input maxLength={200} placeholder={t('pb.rd.namePh')} data-testid="round-title" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** A checklist file: `{ "items": [{ "title": "查…", "detail": "看…" }] }` (or a bare array of items). */
export function parseChecklistJson(text: string, t: Translate): { title: string; detail: string }[] | string {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return t('pb.cl.badJson');
  }
  const list = Array.isArray(data) ? data : (data as { items?: unknown })?.items;
  if (!Array.isArray(list) || list.length === 0) return t('pb.cl.noItems');
  const out: { title: string; detail: string }[] = [];
  for (const [i, it] of list.entries()) {
    const o = it as { title?: unknown; detail?: unknown };
    if (typeof o?.title !== 'string' || !o.title.trim()) return t('pb.cl.noTitle', { n: i + 1 });
    if (o.detail !== undefined && o.detail !== null && typeof o.detail !== 'string')
      return t('pb.cl.badDetail', { n: i + 1 });
    out.push({ title: o.title.trim(), detail: typeof o.detail === 'string' ? o.detail.trim() : '' });
  }
  return out;
}

/** The campaign's checklist (十查十看): shown, exported and imported as JSON. */
export function ChecklistModal({
  open,
  campaignId,
  canManage,
  onClose,
}: {
  open: boolean;
  campaignId?: number;
  canManage: boolean;
  onClose: () => void;
}) {
  const { message, modal } = App.useApp();
  const showError = useApiError();
  const { t } = useI18n();
  const [items, setItems] = useState<ChecklistItem[]>([]);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (open && campaignId)
      problemApi
        .checklist(campaignId)
        .then((r) => setItems(r.items))
        .catch(showError);
  }, [open, campaignId, showError]);

  const exportJson = () => {
    const json = JSON.stringify(
      { items: items.map((i) => ({ title: i.title, detail: i.detail ?? '' })) },
      null,
      2,
    );
    const url = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = t('pb.cl.file');
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  const importJson = async (file: File) => {
    const parsed = parseChecklistJson(await file.text(), t);
    if (typeof parsed === 'string') {
      message.error(t('pb.cl.importFailed', { reason: parsed }));
      return;
    }
    modal.confirm({
      title: t('pb.cl.replace', { n: parsed.length }),
      content: t('pb.cl.replaceHint'),
      onOk: () =>
        problemApi
          .putChecklist(campaignId!, parsed)
          .then((r) => {
            setItems(r.items);
            message.success(t('pb.cl.imported'));
          })
          .catch(showError),
    });
  };

  return (
    <Modal
      title={t('pb.i.checklist')}
      open={open}
      onCancel={onClose}
      footer={null}
      width={760}
      destroyOnHidden
    >
      <Space style={{ marginBottom: 12 }}>
        <Button onClick={exportJson} disabled={items.length === 0} data-testid="checklist-export">
          {t('pb.cl.export')}
        </Button>
        {canManage && (
          <>
            <Button onClick={() => input.current?.click()} data-testid="checklist-import">
              {t('pb.cl.import')}
            </Button>
            <input
              ref={input}
              type="file"
              accept=".json,application/json"
              style={{ display: 'none' }}
              data-testid="checklist-file"
              onChange={(e) => {
                const f = e.target.files?.[0];
                e.target.value = '';
                if (f) void importJson(f);
              }}
            />
          </>
        )}
      </Space>
      <Table
        rowKey={(_, i) => String(i)}
        size="small"
        pagination={false}
        dataSource={items}
        data-testid="checklist-items"
        columns={[
          { title: t('pb.cl.seq'), key: 'n', width: 60, render: (_, __, i) => i + 1 },
          { title: t('pb.cl.title'), dataIndex: 'title', width: 200 },
          { title: t('pb.cl.detail'), dataIndex: 'detail' },
        ]}
      />
    </Modal>
  );
}
