import { useRef, useState } from 'react';
import { AutoComplete, Input, Tag } from 'antd';
import { orgApi } from '../../../api/endpoints';
import type { Org } from '../../../api/types';
import { useI18n } from '../../../i18n';

/** Search by name, short name or pinyin initials (`qhsw` finds 清河市委); picking a result jumps to it. */
export function OrgSearch({
  onPick,
  kindName,
}: {
  onPick: (org: Org) => void;
  kindName: (k: string) => string;
}) {
  const { t } = useI18n();
  const [value, setValue] = useState('');
  const [results, setResults] = useState<Org[]>([]);
  const [loading, setLoading] = useState(false);
  const seq = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const search = (q: string) => {
    clearTimeout(timer.current);
    if (!q.trim()) {
      setResults([]);
      return;
    }
    timer.current = setTimeout(() => {
      const n = ++seq.current;
      setLoading(true);
      orgApi
        .list({ q: q.trim(), pageSize: 20 })
        .then((r) => {
          if (n === seq.current) setResults(r.items);
        })
        .catch(() => undefined)
        .finally(() => {
          if (n === seq.current) setLoading(false);
        });
    }, 250);
  };

  return (
    <AutoComplete
      style={{ width: '100%', marginBottom: 12 }}
      value={value}
      showSearch={{ filterOption: false }}
      onChange={(v: string) => {
        setValue(v);
        search(v);
      }}
      onSelect={(v: string) => {
        const org = results.find((o) => String(o.id) === v);
        setValue('');
        setResults([]);
        if (org) onPick(org);
      }}
      options={results.map((o) => ({
        value: String(o.id),
        label: (
          <span data-testid="org-search-option">
            {o.name}
            <Tag style={{ marginLeft: 6 }}>{kindName(o.kind)}</Tag>
            {!o.active && <Tag>{t('org.closed')}</Tag>}
          </span>
        ),
      }))}
      notFoundContent={value.trim() && !loading ? t('common.noMatch') : null}
    >
      <Input.Search
        placeholder={t('org.searchPlaceholder')}
        loading={loading}
        allowClear
        data-testid="org-search"
      />
    </AutoComplete>
  );
}
