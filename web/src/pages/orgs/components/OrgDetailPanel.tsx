import { useCallback, useEffect, useState } from 'react';
import { Breadcrumb, Button, Card, Descriptions, Empty, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { EditOutlined, PlusOutlined, RetweetOutlined, StopOutlined, UndoOutlined } from '@ant-design/icons';
import { orgApi } from '../../../api/endpoints';
import type { Org, OrgDetail } from '../../../api/types';
import { useApiError } from '../../../components/useApiError';
import { useI18n } from '../../../i18n';
import type { OrgRefs } from './useOrgRefs';

interface Props {
  detail: OrgDetail | null;
  loading: boolean;
  refs: OrgRefs;
  canWrite: boolean;
  /** the root of the user's own scope: the server refuses to move or close it */
  isScopeRoot: boolean;
  /** bumps when the children of the selected org changed (created, moved, closed) */
  childrenVersion: number;
  onSelect: (id: number) => void;
  onCreateChild: () => void;
  onEdit: () => void;
  onMove: () => void;
  onToggleActive: () => void;
}

const PAGE_SIZE = 10;

/** The selected org: details, path, actions, and its direct children (paged). */
export function OrgDetailPanel(props: Props) {
  const { detail, loading, refs, canWrite, childrenVersion, onSelect } = props;
  const { t } = useI18n();
  const showError = useApiError();
  const [page, setPage] = useState(1);
  const [rows, setRows] = useState<{ items: Org[]; total: number; forId: number } | null>(null);
  const [rowsLoading, setRowsLoading] = useState(false);
  const id = detail?.id;

  const loadRows = useCallback(
    (orgId: number, p: number) => {
      setRowsLoading(true);
      orgApi
        .children(orgId, { page: p, pageSize: PAGE_SIZE })
        .then((r) => setRows({ ...r, forId: orgId }))
        .catch(showError)
        .finally(() => setRowsLoading(false));
    },
    [showError],
  );

  useEffect(() => {
    if (id === undefined) return;
    setPage(1);
    loadRows(id, 1);
  }, [id, childrenVersion, loadRows]);

  if (!detail) {
    return (
      <Card variant="borderless" loading={loading}>
        <Empty description={t('org.pickHint')} />
      </Card>
    );
  }

  const path = [...detail.ancestors.filter((a) => a.id !== detail.id), { id: detail.id, name: detail.name }];
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        variant="borderless"
        loading={loading}
        title={
          <Space>
            <span data-testid="org-detail-name">{detail.name}</span>
            {detail.active ? <Tag color="green">{t('org.active')}</Tag> : <Tag>{t('org.closed')}</Tag>}
          </Space>
        }
        extra={
          canWrite && (
            <Space wrap>
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={props.onCreateChild}
                disabled={!detail.active}
                data-testid="org-create-child"
              >
                {t('org.createChild')}
              </Button>
              <Button icon={<EditOutlined />} onClick={props.onEdit} data-testid="org-edit">
                {t('common.edit')}
              </Button>
              <Tooltip title={props.isScopeRoot ? t('org.scopeRootLocked') : undefined}>
                <Button
                  icon={<RetweetOutlined />}
                  onClick={props.onMove}
                  disabled={props.isScopeRoot}
                  data-testid="org-move"
                >
                  {t('org.move')}
                </Button>
              </Tooltip>
              <Tooltip title={props.isScopeRoot ? t('org.scopeRootLocked') : undefined}>
                <Button
                  danger={detail.active}
                  icon={detail.active ? <StopOutlined /> : <UndoOutlined />}
                  onClick={props.onToggleActive}
                  disabled={props.isScopeRoot}
                  data-testid="org-toggle-active"
                >
                  {detail.active ? t('org.close') : t('org.reopen')}
                </Button>
              </Tooltip>
            </Space>
          )
        }
      >
        <Breadcrumb
          style={{ marginBottom: 12 }}
          items={path.map((a) => ({
            key: a.id,
            title:
              a.id === detail.id ? (
                a.name
              ) : (
                <Typography.Link onClick={() => onSelect(a.id)}>{a.name}</Typography.Link>
              ),
          }))}
        />
        <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered>
          <Descriptions.Item label={t('org.name')}>{detail.name}</Descriptions.Item>
          <Descriptions.Item label={t('org.shortName')}>{detail.shortName || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('org.kind')}>{refs.kindName(detail.kind)}</Descriptions.Item>
          <Descriptions.Item label={t('org.category')}>
            {detail.categoryName ?? refs.categoryName(detail.categoryId)}
          </Descriptions.Item>
          <Descriptions.Item label={t('org.status')}>
            {detail.active ? t('org.active') : t('org.closed')}
          </Descriptions.Item>
          <Descriptions.Item label={t('org.sortOrder')}>{detail.sortOrder}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card variant="borderless" title={t('org.children')} size="small">
        <Table<Org>
          size="small"
          rowKey="id"
          loading={rowsLoading}
          dataSource={rows?.forId === detail.id ? rows.items : []}
          data-testid="org-children-table"
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: rows?.forId === detail.id ? rows.total : 0,
            showTotal: (n) => t('common.total', { n }),
            onChange: (p) => {
              setPage(p);
              loadRows(detail.id, p);
            },
          }}
          columns={[
            {
              title: t('org.name'),
              dataIndex: 'name',
              render: (name: string, o) => (
                <Typography.Link onClick={() => onSelect(o.id)}>{name}</Typography.Link>
              ),
            },
            { title: t('org.kind'), dataIndex: 'kind', width: 140, render: (k: string) => refs.kindName(k) },
            {
              title: t('org.category'),
              dataIndex: 'categoryId',
              width: 180,
              render: (c: number | null, o) => o.categoryName ?? refs.categoryName(c),
            },
            {
              title: t('org.status'),
              dataIndex: 'active',
              width: 90,
              render: (a: boolean) =>
                a ? <Tag color="green">{t('org.active')}</Tag> : <Tag>{t('org.closed')}</Tag>,
            },
          ]}
        />
      </Card>
    </Space>
  );
}
