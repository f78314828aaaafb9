import { useMemo } from 'react';
import { Empty, Spin, Tag, Tree } from 'antd';
import type { TreeDataNode } from 'antd';
import { ApartmentOutlined, BankOutlined, TeamOutlined } from '@ant-design/icons';
import type { Org } from '../../../api/types';
import { useI18n } from '../../../i18n';
import type { OrgTreeApi } from './useOrgTree';

interface Props {
  tree: OrgTreeApi;
  selectedId: number | null;
  onSelect: (id: number) => void;
}

function icon(kind: string) {
  if (kind === 'branch' || kind.endsWith('branch')) return <TeamOutlined />;
  if (kind === 'committee') return <BankOutlined />;
  return <ApartmentOutlined />;
}

export function OrgTree({ tree, selectedId, onSelect }: Props) {
  const { t } = useI18n();
  const { state, expanded, setExpanded, loadedKeys, loadChildren } = tree;

  const treeData = useMemo(() => {
    const build = (org: Org, seen: Set<number>): TreeDataNode => {
      const kids = state.children.get(org.id);
      const known = kids !== undefined;
      const leaf = known ? kids.length === 0 : org.childCount === 0;
      const next = new Set(seen).add(org.id);
      const children = known
        ? kids
            .filter((id) => !next.has(id))
            .map((id) => state.nodes.get(id))
            .filter((o): o is Org => o !== undefined)
            .map((o) => build(o, next))
        : undefined;
      const total = state.totals.get(org.id);
      if (children && total) {
        children.push({
          key: `more-${org.id}`,
          title: t('org.tree.more', { shown: children.length, total }),
          isLeaf: true,
          selectable: false,
          disabled: true,
        });
      }
      return {
        key: String(org.id),
        icon: icon(org.kind),
        isLeaf: leaf,
        title: (
          <span data-testid="org-tree-node" data-org-id={org.id}>
            {org.name}
            {!org.active && (
              <Tag style={{ marginLeft: 6 }} color="default">
                {t('org.closed')}
              </Tag>
            )}
          </span>
        ),
        children,
      };
    };
    return (state.roots ?? [])
      .map((id) => state.nodes.get(id))
      .filter((o): o is Org => o !== undefined)
      .map((o) => build(o, new Set()));
  }, [state, t]);

  if (state.roots === null) return <Spin style={{ display: 'block', padding: 24 }} />;
  if (state.roots.length === 0) return <Empty description={t('org.tree.empty')} />;

  return (
    <div className="ls-tree-wrap" data-testid="org-tree">
      <Tree
        showIcon
        blockNode
        treeData={treeData}
        expandedKeys={expanded}
        loadedKeys={loadedKeys}
        selectedKeys={selectedId ? [String(selectedId)] : []}
        onExpand={(keys) => setExpanded(keys.map(String))}
        onSelect={(keys) => {
          const k = keys[0];
          if (k !== undefined) onSelect(Number(k));
        }}
        loadData={(node) => loadChildren(Number(node.key))}
      />
    </div>
  );
}
