import { useCallback, useEffect, useState } from 'react';
import { App, Button, Card, Space, Table, Tag, Tooltip } from 'antd';
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { peopleApi } from '../../api/endpoints';
import type { Page, Person, PersonQuery } from '../../api/types';
import { useAuth } from '../../auth/AuthContext';
import { ImportModal } from '../../components/ImportModal';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';
import { PeopleFilters, type PeopleFilterValues } from './components/PeopleFilters';
import { PersonFormModal } from './components/PersonFormModal';
import { genderLabel, statusLabel } from './components/labels';

const toQuery = (v: PeopleFilterValues): PersonQuery => ({
  q: v.q?.trim() || undefined,
  orgId: v.orgId,
  politicalStatus: v.politicalStatus,
  active: v.active === 'all' ? undefined : v.active !== 'false',
});

/** 党员干部: people in the caller's scope; phones come masked from the server unless person.phone applies. */
export default function PeoplePage() {
  const { t, locale } = useI18n();
  const { can } = useAuth();
  const { message, modal } = App.useApp();
  const showError = useApiError();
  const canWrite = can('person.write');
  const [query, setQuery] = useState<PersonQuery>({ active: true });
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [data, setData] = useState<Page<Person>>({ items: [], total: 0 });
  const [loading, setLoading] = useState(false);
  const [editing, setEditing] = useState<Person | 'new' | null>(null);
  const [importOpen, setImportOpen] = useState(false);
  const [exporting, setExporting] = useState(false);

  const load = useCallback(() => {
    setLoading(true);
    peopleApi
      .list({ ...query, page, pageSize })
      .then(setData)
      .catch(showError)
      .finally(() => setLoading(false));
  }, [query, page, pageSize, showError]);

  useEffect(load, [load]);

  const deactivate = (p: Person) => {
    modal.confirm({
      title: t('person.deactivateConfirm', { name: p.name }),
      okButtonProps: { danger: true },
      onOk: async () => {
        try {
          await peopleApi.deactivate(p.id, p.version);
          message.success(t('person.deactivated'));
          load();
        } catch (e) {
          showError(e);
        }
      },
    });
  };

  const onExport = async () => {
    setExporting(true);
    try {
      await peopleApi.exportXlsx(query.orgId);
    } catch (e) {
      showError(e);
    } finally {
      setExporting(false);
    }
  };

  return (
    <Card
      variant="borderless"
      title={t('nav.people')}
      extra={
        <Space>
          <Tooltip title={t('person.exportHint')}>
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={onExport}>
              {t('common.export')}
            </Button>
          </Tooltip>
          {canWrite && (
            <>
              <Button icon={<UploadOutlined />} onClick={() => setImportOpen(true)}>
                {t('common.import')}
              </Button>
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setEditing('new')}
                data-testid="person-create"
              >
                {t('person.create')}
              </Button>
            </>
          )}
        </Space>
      }
    >
      <PeopleFilters
        onSearch={(v) => {
          setPage(1);
          setQuery(toQuery(v));
        }}
      />
      <Table<Person>
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={data.items}
        data-testid="people-table"
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
          { title: t('person.name'), dataIndex: 'name', width: 120 },
          {
            title: t('person.gender'),
            dataIndex: 'gender',
            width: 80,
            render: (g: string) => genderLabel(g, locale),
          },
          { title: t('person.org'), dataIndex: 'orgName', ellipsis: true },
          {
            title: t('person.position'),
            dataIndex: 'position',
            width: 140,
            render: (v: string | null) => v ?? '—',
          },
          {
            title: t('person.politicalStatus'),
            dataIndex: 'politicalStatus',
            width: 130,
            render: (s: string) => statusLabel(s, locale),
          },
          {
            title: t('person.phone'),
            dataIndex: 'phone',
            width: 150,
            render: (phone: string | null, p) =>
              phone ? (
                p.phoneMasked ? (
                  <Tooltip title={t('person.phoneMasked')}>
                    <span>{phone}</span>
                  </Tooltip>
                ) : (
                  phone
                )
              ) : (
                '—'
              ),
          },
          {
            title: t('person.active'),
            dataIndex: 'active',
            width: 90,
            render: (a: boolean) =>
              a ? <Tag color="green">{t('person.activeYes')}</Tag> : <Tag>{t('person.activeNo')}</Tag>,
          },
          ...(canWrite
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  width: 150,
                  render: (_: unknown, p: Person) => (
                    <Space size={0}>
                      <Button type="link" size="small" onClick={() => setEditing(p)}>
                        {t('common.edit')}
                      </Button>
                      {p.active && (
                        <Button type="link" size="small" danger onClick={() => deactivate(p)}>
                          {t('person.deactivate')}
                        </Button>
                      )}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <PersonFormModal
        target={editing}
        onClose={() => setEditing(null)}
        onSaved={() => {
          message.success(t('common.saved'));
          setEditing(null);
          load();
        }}
      />
      <ImportModal
        open={importOpen}
        title={t('person.importTitle')}
        hint={t('person.importHint')}
        preview={peopleApi.importPreview}
        commit={peopleApi.importCommit}
        onClose={() => setImportOpen(false)}
        onDone={() => {
          setImportOpen(false);
          load();
        }}
      />
    </Card>
  );
}
