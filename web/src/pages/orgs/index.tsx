import { useCallback, useEffect, useRef, useState } from 'react';
import { App, Button, Card, Col, Row, Space } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { orgApi } from '../../api/endpoints';
import type { Org, OrgDetail } from '../../api/types';
import { useAuth } from '../../auth/AuthContext';
import { ImportModal } from '../../components/ImportModal';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';
import { CloseOrgModal } from './components/CloseOrgModal';
import { MoveOrgModal } from './components/MoveOrgModal';
import { OrgDetailPanel } from './components/OrgDetailPanel';
import { OrgFormModal, type OrgFormMode } from './components/OrgFormModal';
import { OrgSearch } from './components/OrgSearch';
import { OrgTree } from './components/OrgTree';
import { useOrgRefs } from './components/useOrgRefs';
import { useOrgTree } from './components/useOrgTree';

/** 组织机构: the lazily loaded tree of the caller's scope on the left, the selected org on the right. */
export default function OrgsPage() {
  const { t, locale } = useI18n();
  const { can, me } = useAuth();
  const { message } = App.useApp();
  const showError = useApiError();
  const refs = useOrgRefs(locale);
  const tree = useOrgTree();
  const { loadRoots, loadChildren, updateNode, reveal, expand, isLoaded } = tree;
  const canWrite = can('org.write');

  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [detail, setDetail] = useState<OrgDetail | null>(null);
  const [detailLoading, setDetailLoading] = useState(false);
  const [childrenVersion, setChildrenVersion] = useState(0);
  const [formMode, setFormMode] = useState<OrgFormMode | null>(null);
  const [moving, setMoving] = useState<OrgDetail | null>(null);
  const [toggling, setToggling] = useState<OrgDetail | null>(null);
  const [importOpen, setImportOpen] = useState(false);
  const [exporting, setExporting] = useState(false);

  const detailSeq = useRef(0);
  /** Selects an org and loads its details; a slower earlier answer never overwrites a later one. */
  const select = useCallback(
    async (id: number) => {
      const n = ++detailSeq.current;
      setSelectedId(id);
      setDetailLoading(true);
      try {
        const d = await orgApi.get(id);
        if (n === detailSeq.current) setDetail(d);
        return d;
      } catch (e) {
        showError(e);
        return null;
      } finally {
        if (n === detailSeq.current) setDetailLoading(false);
      }
    },
    [showError],
  );

  useEffect(() => {
    loadRoots()
      .then((roots) => {
        if (roots.length > 0) void select(roots[0].id);
      })
      .catch(showError);
  }, [loadRoots, select, showError]);

  /** Select an org from anywhere (search, breadcrumb, children table) and open the tree down to it. */
  const jumpTo = useCallback(
    async (id: number) => {
      const d = await select(id);
      if (!d) return;
      try {
        await reveal(d.ancestors.map((a) => a.id).filter((x) => x !== id));
        requestAnimationFrame(() =>
          document.querySelector(`[data-org-id="${id}"]`)?.scrollIntoView({ block: 'center' }),
        );
      } catch (e) {
        showError(e);
      }
    },
    [select, reveal, showError],
  );

  /** Children of `parentId` changed: reload them in the tree and open it so the change is visible. */
  const refreshParent = useCallback(
    async (parentId: number | null) => {
      if (parentId === null) {
        await loadRoots();
        return;
      }
      await loadChildren(parentId, true);
      expand([String(parentId)]);
    },
    [loadRoots, loadChildren, expand],
  );

  const onSaved = async (org: Org, mode: OrgFormMode) => {
    setFormMode(null);
    if (mode.type === 'create') {
      message.success(t('org.created', { name: org.name }));
      await refreshParent(mode.parent.id).catch(showError);
      setChildrenVersion((v) => v + 1);
    } else {
      message.success(t('common.saved'));
      updateNode(org);
      await select(mode.org.id);
    }
  };

  const onMoved = async (org: Org, fromParentId: number | null) => {
    setMoving(null);
    message.success(t('org.moved', { name: org.name }));
    if (fromParentId !== null && isLoaded(fromParentId))
      await loadChildren(fromParentId, true).catch(showError);
    await jumpTo(org.id);
    if (org.parentId !== null) await refreshParent(org.parentId).catch(showError);
  };

  const onToggled = async (org: Org) => {
    setToggling(null);
    message.success(org.active ? t('org.reopened') : t('org.closedDone'));
    updateNode(org);
    await select(org.id);
    if (org.parentId !== null && isLoaded(org.parentId))
      await loadChildren(org.parentId, true).catch(showError);
  };

  const onExport = async () => {
    const rootId = selectedId ?? tree.state.roots?.[0];
    if (!rootId) return;
    setExporting(true);
    try {
      await orgApi.exportXlsx(rootId);
    } catch (e) {
      showError(e);
    } finally {
      setExporting(false);
    }
  };

  return (
    <Row gutter={16}>
      <Col xs={24} md={9} xl={7}>
        <Card
          variant="borderless"
          title={t('nav.orgs')}
          styles={{ body: { paddingTop: 12 } }}
          extra={
            <Space size={4}>
              <Button
                size="small"
                icon={<DownloadOutlined />}
                loading={exporting}
                onClick={onExport}
                data-testid="org-export"
              >
                {t('common.export')}
              </Button>
              {canWrite && (
                <Button
                  size="small"
                  icon={<UploadOutlined />}
                  onClick={() => setImportOpen(true)}
                  data-testid="org-import"
                >
                  {t('common.import')}
                </Button>
              )}
            </Space>
          }
        >
          <OrgSearch onPick={(o) => void jumpTo(o.id)} kindName={refs.kindName} />
          <OrgTree tree={tree} selectedId={selectedId} onSelect={(id) => void select(id)} />
        </Card>
      </Col>
      <Col xs={24} md={15} xl={17}>
        <OrgDetailPanel
          detail={detail}
          loading={detailLoading && !detail}
          refs={refs}
          canWrite={canWrite}
          isScopeRoot={detail !== null && (me?.scopeRoots.some((r) => r.orgId === detail.id) ?? false)}
          childrenVersion={childrenVersion}
          onSelect={(id) => void jumpTo(id)}
          onCreateChild={() => detail && setFormMode({ type: 'create', parent: detail })}
          onEdit={() => detail && setFormMode({ type: 'edit', org: detail })}
          onMove={() => setMoving(detail)}
          onToggleActive={() => setToggling(detail)}
        />
      </Col>
      <OrgFormModal mode={formMode} refs={refs} onClose={() => setFormMode(null)} onSaved={onSaved} />
      <MoveOrgModal org={moving} onClose={() => setMoving(null)} onMoved={onMoved} />
      <CloseOrgModal org={toggling} onClose={() => setToggling(null)} onDone={onToggled} />
      <ImportModal
        open={importOpen}
        title={t('org.importTitle')}
        hint={t('org.importHint')}
        preview={orgApi.importPreview}
        commit={orgApi.importCommit}
        onClose={() => setImportOpen(false)}
        onDone={() => {
          setImportOpen(false);
          void loadRoots().catch(showError);
          setChildrenVersion((v) => v + 1);
        }}
      />
    </Row>
  );
}
