import type { CSSProperties } from 'react';
import { Select, Tag } from 'antd';
import type { Org } from '../api/types';
import { useI18n } from '../i18n';
import { useOrgSearch } from './useOrgSearch';

interface Props {
  value?: number | null;
  onChange?: (value: number | undefined, org?: Org) => void;
  /** a label for the current value when it is not among the search results (e.g. when editing). */
  initialLabel?: string;
  placeholder?: string;
  allowClear?: boolean;
  excludeId?: number;
  style?: CSSProperties;
  'data-testid'?: string;
  id?: string;
}

/** Picks an org in the caller's scope by name or pinyin initials (GET /api/v1/orgs?q=). */
export function OrgSelect({
  value,
  onChange,
  initialLabel,
  placeholder,
  allowClear = true,
  excludeId,
  style,
  id,
  ...rest
}: Props) {
  const { t } = useI18n();
  const { options, loading, search } = useOrgSearch();

  const list = options.filter((o) => o.id !== excludeId);
  const known = value === undefined || value === null || list.some((o) => o.id === value);
  return (
    <Select<number>
      id={id}
      showSearch={{ filterOption: false, onSearch: search }}
      allowClear={allowClear}
      value={value ?? undefined}
      placeholder={placeholder ?? t('org.searchPlaceholder')}
      loading={loading}
      style={style ?? { width: '100%' }}
      onChange={(v) =>
        onChange?.(
          v,
          options.find((o) => o.id === v),
        )
      }
      notFoundContent={loading ? t('common.loading') : t('common.noMatch')}
      data-testid={rest['data-testid']}
      options={[
        ...(!known && initialLabel ? [{ value: value as number, label: initialLabel }] : []),
        ...list.map((o) => ({
          value: o.id,
          label: (
            <span>
              {o.name} {!o.active && <Tag>{t('org.closed')}</Tag>}
            </span>
          ),
        })),
      ]}
    />
  );
}
