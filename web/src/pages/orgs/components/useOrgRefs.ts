import { useEffect, useState } from 'react';
import { orgApi } from '../../../api/endpoints';
import type { OrgCategory, OrgKind } from '../../../api/types';

export interface OrgRefs {
  kinds: OrgKind[];
  categories: OrgCategory[];
  kindName: (code: string) => string;
  categoryName: (id: number | null | undefined) => string;
}

let cache: Promise<{ kinds: OrgKind[]; categories: OrgCategory[] }> | null = null;

function load() {
  cache ??= Promise.all([orgApi.kinds(), orgApi.categories()])
    .then(([kinds, categories]) => ({ kinds, categories }))
    .catch((e: unknown) => {
      cache = null;
      throw e;
    });
  return cache;
}

/** Reference data for orgs (GET /api/v1/org-kinds, /api/v1/org-categories), loaded once per page load. */
export function useOrgRefs(locale: string): OrgRefs {
  const [data, setData] = useState<{ kinds: OrgKind[]; categories: OrgCategory[] }>({
    kinds: [],
    categories: [],
  });
  useEffect(() => {
    let live = true;
    load()
      .then((d) => {
        if (live) setData(d);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  const en = locale === 'en-US';
  return {
    ...data,
    kindName: (code) => {
      const k = data.kinds.find((x) => x.code === code);
      return k ? (en && k.nameEn ? k.nameEn : k.name) : code;
    },
    categoryName: (id) => (id == null ? '—' : (data.categories.find((c) => c.id === id)?.name ?? String(id))),
  };
}
