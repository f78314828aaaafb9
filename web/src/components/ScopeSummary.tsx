import { Tag, Tooltip } from 'antd';
import type { Me } from '../api/types';
import { useI18n } from '../i18n';

/** Where the user's authority reaches: the scope roots, with the role names held there. */
export function ScopeSummary({ me }: { me: Me }) {
  const { t } = useI18n();
  const roles = [...new Set(me.grants.map((g) => g.roleName))];
  const roots = me.scopeRoots.map((r) => r.orgName);
  const groups = [...new Set(me.supervised.map((s) => s.groupName))];
  const detail = [
    ...me.grants.map((g) => `${g.roleName} @ ${g.orgName}`),
    ...me.supervised.map((s) => `${s.groupName} → ${s.orgName}`),
  ].join('；');
  return (
    <span className="ls-scope" data-testid="scope-summary">
      <span className="ls-scope-label">{t('scope.label')}</span>
      <Tooltip title={detail || undefined}>
        <span className="ls-scope-roots" data-testid="scope-roots">
          {roots.length ? roots.join('、') : t('scope.none')}
        </span>
      </Tooltip>
      {roles.map((r) => (
        <Tag key={r} color="red">
          {r}
        </Tag>
      ))}
      {groups.map((g) => (
        <Tag key={g} color="blue">
          {g}
        </Tag>
      ))}
    </span>
  );
}
