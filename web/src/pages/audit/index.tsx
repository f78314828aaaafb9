import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Table } from 'antd';
import { SafetyOutlined } from '@ant-design/icons';
import { auditApi } from '../../api/endpoints';
import type { AuditEvent, AuditQuery, AuditVerify, Page } from '../../api/types';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';
import { AuditDiff } from './components/AuditDiff';
import { AuditFilters } from './components/AuditFilters';

/** 审计日志 (安全审计员): read-only, hash-chained; the chain can be checked from here. */
export default function AuditPage() {
  const { t, fmtDateTime } = useI18n();
  const showError = useApiError();
  const [query, setQuery] = useState<AuditQuery>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [data, setData] = useState<Page<AuditEvent>>({ items: [], total: 0 });
  const [loading, setLoading] = useState(false);
  const [verify, setVerify] = useState<AuditVerify | null>(null);
  const [verifying, setVerifying] = useState(false);

  const load = useCallback(() => {
    setLoading(true);
    auditApi
      .list({ ...query, page, pageSize })
      .then(setData)
      .catch(showError)
      .finally(() => setLoading(false));
  }, [query, page, pageSize, showError]);

  useEffect(load, [load]);

  const runVerify = async () => {
    setVerifying(true);
    try {
      setVerify(await auditApi.verify());
    } catch (e) {
      showError(e);
    } finally {
      setVerifying(false);
    }
  };

  return (
    <Card
      variant="borderless"
      title={t('nav.audit')}
      extra={
        <Button icon={<SafetyOutlined />} loading={verifying} onClick={runVerify} data-testid="audit-verify">
          {t('audit.verify')}
        </Button>
      }
    >
      {verify && (
        <Alert
          showIcon
          closable={{ onClose: () => setVerify(null) }}
          style={{ marginBottom: 16 }}
          type={verify.ok ? 'success' : 'error'}
          data-testid="audit-verify-result"
          title={
            verify.ok
              ? t('audit.verifyOk', { n: verify.checked })
              : t('audit.verifyBad', { n: verify.checked, at: verify.brokenAt ?? '?' })
          }
          description={verify.reason}
        />
      )}
      <AuditFilters
        onSearch={(q) => {
          setPage(1);
          setQuery(q);
        }}
      />
      <Table<AuditEvent>
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={data.items}
        expandable={{ expandedRowRender: (e) => <AuditDiff event={e} /> }}
        pagination={{
          current: page,
          pageSize,
          total: data.total,
          showSizeChanger: true,
          showTotal: (n) => t('common.total', { n }),
          onChange: (p, s) => {
            setPage(s === pageSize ? p : 1);
            setPageSize(s);
          },
        }}
        columns={[
          { title: '#', dataIndex: 'id', width: 80 },
          { title: t('audit.at'), dataIndex: 'at', width: 200, render: (v: string) => fmtDateTime(v) },
          { title: t('audit.actor'), dataIndex: 'actorName', width: 140 },
          { title: t('audit.action'), dataIndex: 'action', width: 200 },
          { title: t('audit.entityType'), dataIndex: 'entityType', width: 120 },
          { title: t('audit.entityId'), dataIndex: 'entityId', render: (v: string | null) => v ?? '—' },
        ]}
      />
    </Card>
  );
}
