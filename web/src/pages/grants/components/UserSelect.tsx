import { useCallback, useEffect, useRef, useState, type CSSProperties } from 'react';
import { Select } from 'antd';
import { userApi } from '../../../api/endpoints';
import type { User } from '../../../api/types';
import { useI18n } from '../../../i18n';

interface Props {
  value?: number;
  onChange?: (v: number | undefined) => void;
  style?: CSSProperties;
}

/** Picks an account by username or display name (GET /api/v1/users?q=). */
export function UserSelect({ value, onChange, style }: Props) {
  const { t } = useI18n();
  const [options, setOptions] = useState<User[]>([]);
  const [loading, setLoading] = useState(false);
  const seq = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const run = useCallback((q: string) => {
    const n = ++seq.current;
    setLoading(true);
    userApi
      .list({ q: q.trim() || undefined, active: true, pageSize: 30 })
      .then((r) => {
        if (n === seq.current) setOptions(r.items);
      })
      .catch(() => undefined)
      .finally(() => {
        if (n === seq.current) setLoading(false);
      });
  }, []);

  useEffect(() => {
    run('');
    return () => clearTimeout(timer.current);
  }, [run]);

  return (
    <Select<number>
      allowClear
      value={value}
      onChange={onChange}
      style={style ?? { width: '100%' }}
      loading={loading}
      placeholder={t('grant.userPlaceholder')}
      notFoundContent={loading ? t('common.loading') : t('common.noMatch')}
      showSearch={{
        filterOption: false,
        onSearch: (q) => {
          clearTimeout(timer.current);
          timer.current = setTimeout(() => run(q), 250);
        },
      }}
      options={options.map((u) => ({
        value: u.id,
        label: `${u.displayName}（${u.username}）${u.orgName ? ` · ${u.orgName}` : ''}`,
      }))}
    />
  );
}
