import { useCallback, useEffect, useRef, useState } from 'react';
import { orgApi } from '../api/endpoints';
import type { Org } from '../api/types';

/** Orgs in the caller's scope matching a typed name or pinyin initials (GET /api/v1/orgs?q=), debounced. */
export function useOrgSearch() {
  const [options, setOptions] = useState<Org[]>([]);
  const [loading, setLoading] = useState(false);
  const seq = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const run = useCallback((q: string) => {
    const n = ++seq.current;
    setLoading(true);
    orgApi
      .list({ q: q.trim() || undefined, pageSize: 30 })
      .then((res) => {
        if (n === seq.current) setOptions(res.items);
      })
      .catch(() => undefined)
      .finally(() => {
        if (n === seq.current) setLoading(false);
      });
  }, []);

  const search = useCallback(
    (q: string) => {
      clearTimeout(timer.current);
      timer.current = setTimeout(() => run(q), 250);
    },
    [run],
  );

  useEffect(() => {
    run('');
    return () => clearTimeout(timer.current);
  }, [run]);

  return { options, loading, search };
}
