import { useRef } from 'react';
import { Select } from 'antd';
import { useI18n } from '../i18n';
import { useOrgSearch } from './useOrgSearch';

interface Props {
  value?: number[];
  onChange?: (value: number[]) => void;
  placeholder?: string;
  'data-testid'?: string;
  id?: string;
}

/** Picks several orgs in the caller's scope by name or pinyin initials. */
export function OrgMultiSelect({ value, onChange, placeholder, id, ...rest }: Props) {
  const { t } = useI18n();
  const { options, loading, search } = useOrgSearch();
  // names of orgs once listed, so chosen ones keep their label when a new search no longer lists them
  const names = useRef(new Map<number, string>());
  for (const o of options) names.current.set(o.id, o.name);
  const listed = options.filter((o) => o.active).map((o) => ({ value: o.id, label: o.name }));
  const chosen = (value ?? [])
    .filter((v) => !listed.some((o) => o.value === v))
    .map((v) => ({ value: v, label: names.current.get(v) ?? String(v) }));
  return (
    <Select<number[]>
      id={id}
      mode="multiple"
      showSearch={{ filterOption: false, onSearch: search }}
      value={value ?? []}
      placeholder={placeholder ?? t('org.searchPlaceholder')}
      loading={loading}
      style={{ width: '100%' }}
      onChange={(v) => onChange?.(v)}
      notFoundContent={loading ? t('common.loading') : t('common.noMatch')}
      data-testid={rest['data-testid']}
      options={[...chosen, ...listed]}
    />
  );
}
