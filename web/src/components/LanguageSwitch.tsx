import { Segmented } from 'antd';
import { authApi } from '../api/endpoints';
import type { Locale } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { useI18n } from '../i18n';

/** 中文 / English; persisted on this device and, when logged in, on the account. */
export function LanguageSwitch() {
  const { locale, setLocale } = useI18n();
  const { me, setMe } = useAuth();
  const onChange = (next: Locale) => {
    setLocale(next);
    if (me && me.locale !== next) {
      authApi
        .updateMe({ locale: next })
        .then(setMe)
        .catch(() => undefined);
    }
  };
  return (
    <Segmented<Locale>
      size="small"
      value={locale}
      onChange={onChange}
      data-testid="language-switch"
      options={[
        { label: '中文', value: 'zh-CN' },
        { label: 'English', value: 'en-US' },
      ]}
    />
  );
}
