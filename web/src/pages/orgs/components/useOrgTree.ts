import { useCallback, useMemo, useRef, useState } from 'react';
import { orgApi } from '../../../api/endpoints';
import type { Org } from '../../../api/types';

const PAGE = 200;

export interface TreeState {
  nodes: Map<number, Org>;
  children: Map<number, number[]>;
  /** total children on the server when more than we loaded */
  totals: Map<number, number>;
  roots: number[] | null;
}

const empty: TreeState = { nodes: new Map(), children: new Map(), totals: new Map(), roots: null };

/** The lazily loaded org tree: roots first, a node's children when it is expanded or refreshed. */
export function useOrgTree() {
  const [state, setState] = useState<TreeState>(empty);
  const [expanded, setExpanded] = useState<string[]>([]);
  const loaded = useRef(new Set<number>());

  const loadRoots = useCallback(async () => {
    const roots = await orgApi.roots();
    loaded.current = new Set();
    setState({
      nodes: new Map(roots.map((o) => [o.id, o])),
      children: new Map(),
      totals: new Map(),
      roots: roots.map((o) => o.id),
    });
    // With a single scope root, open it: that is where every user starts.
    setExpanded(roots.length === 1 ? [String(roots[0].id)] : []);
    return roots;
  }, []);

  const loadChildren = useCallback(async (id: number, force = false) => {
    if (!force && loaded.current.has(id)) return;
    const res = await orgApi.children(id, { page: 1, pageSize: PAGE });
    loaded.current.add(id);
    setState((s) => {
      const nodes = new Map(s.nodes);
      for (const o of res.items) nodes.set(o.id, o);
      const children = new Map(s.children);
      children.set(
        id,
        res.items.map((o) => o.id),
      );
      const totals = new Map(s.totals);
      if (res.total > res.items.length) totals.set(id, res.total);
      else totals.delete(id);
      return { ...s, nodes, children, totals };
    });
  }, []);

  const updateNode = useCallback((org: Org) => {
    setState((s) => {
      const prev = s.nodes.get(org.id);
      const nodes = new Map(s.nodes);
      nodes.set(org.id, { ...prev, ...org });
      return { ...s, nodes };
    });
  }, []);

  const expand = useCallback((keys: string[]) => {
    setExpanded((e) => [...new Set([...e, ...keys])]);
  }, []);

  /** Opens the tree down to an org: loads each ancestor's children in turn (ancestors from GET /orgs/{id}). */
  const reveal = useCallback(
    async (pathIds: number[]) => {
      const rootIds = new Set(state.roots ?? []);
      const start = pathIds.findIndex((id) => rootIds.has(id));
      const chain = start >= 0 ? pathIds.slice(start) : pathIds;
      for (const id of chain) await loadChildren(id);
      expand(chain.map(String));
    },
    [state.roots, loadChildren, expand],
  );

  const loadedKeys = useMemo(() => [...state.children.keys()].map(String), [state.children]);

  return {
    state,
    expanded,
    setExpanded,
    expand,
    loadedKeys,
    loadRoots,
    loadChildren,
    updateNode,
    reveal,
    isLoaded: (id: number) => loaded.current.has(id),
  };
}

export type OrgTreeApi = ReturnType<typeof useOrgTree>;
