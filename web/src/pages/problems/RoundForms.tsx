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
      title="发起检视"
      open={open}
      onOk={save}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'round-save' } as Record<string, string>}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ kind: 'team' }}>
        <Form.Item name="orgId" label="检视单位" rules={[{ required: true, message: '请选择检视单位' }]}>
          <OrgSelect data-testid="round-org" />
        </Form.Item>
        <Form.Item
          name="kind"
          label="检视类型"
          extra="班子成员和党员干部对照检视清单逐项作答，提交后单位可退回。"
        >
          <Radio.Group
            options={[
              { value: 'team', label: '班子检视' },
              { value: 'individual', label: '个人检视' },
            ]}
          />
        </Form.Item>
        <Form.Item name="title" label="检视名称" rules={[{ required: true, message: '请填写检视名称' }]}>
          <Input
            maxLength={200}
            placeholder="如：2023年领导班子对照“十查十看”检视"
            data-testid="round-title"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** A checklist file: `{ "items": [{ "title": "查…", "detail": "看…" }] }` (or a bare array of items). */
export function parseChecklistJson(text: string): { title: string; detail: string }[] | string {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return '不是有效的 JSON 文件';
  }
  const list = Array.isArray(data) ? data : (data as { items?: unknown })?.items;
  if (!Array.isArray(list) || list.length === 0) return '应包含 items 数组，且至少一项';
  const out: { title: string; detail: string }[] = [];
  for (const [i, it] of list.entries()) {
    const o = it as { title?: unknown; detail?: unknown };
    if (typeof o?.title !== 'string' || !o.title.trim()) return `第 ${i + 1} 项缺少 title（检视项目）`;
    if (o.detail !== undefined && o.detail !== null && typeof o.detail !== 'string')
      return `第 ${i + 1} 项的 detail 应为文字`;
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
    a.download = '检视清单.json';
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  const importJson = async (file: File) => {
    const parsed = parseChecklistJson(await file.text());
    if (typeof parsed === 'string') {
      message.error(`检视清单导入失败：${parsed}`);
      return;
    }
    modal.confirm({
      title: `用文件中的 ${parsed.length} 项替换当前检视清单？`,
      content: '已有检视答卷的项目不能删除；同一序号的项目将被改写。',
      onOk: () =>
        problemApi
          .putChecklist(campaignId!, parsed)
          .then((r) => {
            setItems(r.items);
            message.success('检视清单已导入');
          })
          .catch(showError),
    });
  };

  return (
    <Modal title="检视清单" open={open} onCancel={onClose} footer={null} width={760} destroyOnHidden>
      <Space style={{ marginBottom: 12 }}>
        <Button onClick={exportJson} disabled={items.length === 0} data-testid="checklist-export">
          导出 JSON
        </Button>
        {canManage && (
          <>
            <Button onClick={() => input.current?.click()} data-testid="checklist-import">
              导入 JSON
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
          { title: '序号', key: 'n', width: 60, render: (_, __, i) => i + 1 },
          { title: '查（检视项目）', dataIndex: 'title', width: 200 },
          { title: '看（对照标准）', dataIndex: 'detail' },
        ]}
      />
    </Modal>
  );
}
