import { useI18n } from '../../i18n';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Select } from 'antd';
import { problemApi, type ProblemItem } from '../../api/problems';

interface Props {
  value?: number[];
  onChange?: (ids: number[]) => void;
  /** only problems of this org's subtree */
  orgId?: number;
  id?: string;
  'data-testid'?: string;
}

/** Picks several ledger problems by title, manifestation or number; shows each one's unit. */
export function ProblemPicker({ value, onChange, orgId, id, ...rest }: Props) {
  const [options, setOptions] = useState<ProblemItem[]>([]);
  const { t } = useI18n();
  const [chosen, setChosen] = useState<Map<number, ProblemItem>>(new Map());
  const [loading, setLoading] = useState(false);
  const seq = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const search = useCallback(
    (q: string) => {
      const n = ++seq.current;
      setLoading(true);
      problemApi
        .list({ q: q || undefined, orgId, pageSize: 50, sort: 'number' })
        .then((r) => {
          if (n === seq.current) setOptions(r.items);
        })
        .catch(() => undefined)
        .finally(() => {
          if (n === seq.current) setLoading(false);
        });
    },
    [orgId],
  );
  useEffect(() => {
    search('');
    return () => clearTimeout(timer.current);
  }, [search]);
  const label = (p: ProblemItem) => `${p.number} ${p.title}（${p.orgName}）`;
  const shown = [...chosen.values(), ...options.filter((o) => !chosen.has(o.id))];
  return (
    <Select
      id={id}
      mode="multiple"
      showSearch={{
        filterOption: false,
        onSearch: (q) => {
          clearTimeout(timer.current);
          timer.current = setTimeout(() => search(q.trim()), 300);
        },
      }}
      loading={loading}
      value={value}
      placeholder={t('pb.pick.ph')}
      notFoundContent={loading ? t('pb.pick.searching') : t('pb.pick.none')}
      options={shown.map((p) => ({ value: p.id, label: label(p) }))}
      onChange={(ids: number[]) => {
        const all = new Map([...chosen, ...options.map((o) => [o.id, o] as const)]);
        setChosen(new Map(ids.flatMap((i) => (all.has(i) ? [[i, all.get(i)!] as const] : []))));
        onChange?.(ids);
      }}
      data-testid={rest['data-testid']}
    />
  );
}
