import { useState } from 'react';
import { Alert, App, Button, Modal, Space, Table, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { ApiError } from '../api/client';
import type { ImportResult, ImportRowError } from '../api/types';
import { useI18n } from '../i18n';
import { useApiError } from './useApiError';

interface Props {
  open: boolean;
  title: string;
  hint?: string;
  preview: (file: File) => Promise<ImportResult>;
  commit: (file: File) => Promise<ImportResult>;
  onClose: () => void;
  onDone: (count: number) => void;
}

/** The all-or-nothing import answers 400 IMPORT_INVALID with the same `errors` as the preview. */
function rowErrorsOf(e: unknown): ImportRowError[] | null {
  if (!(e instanceof ApiError) || !Array.isArray(e.body.errors)) return null;
  return e.body.errors as ImportRowError[];
}

/** Upload an .xlsx, see its bad rows (row, column, reason), then confirm: nothing is written until then. */
export function ImportModal({ open, title, hint, preview, commit, onClose, onDone }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const showError = useApiError();
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [busy, setBusy] = useState(false);

  const reset = () => {
    setFile(null);
    setResult(null);
    setBusy(false);
  };

  const runPreview = async (f: File) => {
    setBusy(true);
    setResult(null);
    try {
      setResult(await preview(f));
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const runCommit = async () => {
    if (!file) return;
    setBusy(true);
    try {
      const res = await commit(file);
      if (res.ok) {
        message.success(t('import.done', { count: res.count }));
        onDone(res.count);
        reset();
      } else {
        setResult(res);
      }
    } catch (e) {
      const errors = rowErrorsOf(e);
      if (errors) setResult({ ok: false, count: 0, errors });
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const canCommit = Boolean(file && result?.ok && result.errors.length === 0);

  return (
    <Modal
      open={open}
      title={title}
      width={720}
      destroyOnHidden
      onCancel={() => {
        reset();
        onClose();
      }}
      footer={
        <Space>
          <Button
            onClick={() => {
              reset();
              onClose();
            }}
          >
            {t('common.cancel')}
          </Button>
          <Button
            type="primary"
            disabled={!canCommit}
            loading={busy}
            onClick={runCommit}
            data-testid="import-confirm"
          >
            {t('import.confirm')}
          </Button>
        </Space>
      }
    >
      {hint && <Typography.Paragraph type="secondary">{hint}</Typography.Paragraph>}
      <Upload.Dragger
        accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        maxCount={1}
        fileList={
          file
            ? [{ uid: 'import', name: file.name, status: busy ? 'uploading' : 'done', size: file.size }]
            : []
        }
        beforeUpload={(f) => {
          setFile(f);
          void runPreview(f);
          return false;
        }}
        onRemove={() => reset()}
        data-testid="import-upload"
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('import.drop')}</p>
        <p className="ant-upload-hint">{t('import.hint')}</p>
      </Upload.Dragger>
      {result && (
        <div style={{ marginTop: 16 }}>
          {result.errors.length === 0 ? (
            <Alert type="success" showIcon title={t('import.previewOk', { count: result.count })} />
          ) : (
            <>
              <Alert
                type="error"
                showIcon
                title={t('import.previewBad', { count: result.errors.length })}
                style={{ marginBottom: 12 }}
              />
              <Table<ImportRowError>
                size="small"
                rowKey={(r) => `${r.row}-${r.column}-${r.message}`}
                dataSource={result.errors}
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                data-testid="import-errors"
                columns={[
                  { title: t('import.row'), dataIndex: 'row', width: 80 },
                  { title: t('import.column'), dataIndex: 'column', width: 140 },
                  { title: t('import.reason'), dataIndex: 'message' },
                ]}
              />
            </>
          )}
        </div>
      )}
    </Modal>
  );
}
