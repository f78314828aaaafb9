import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, fetchCsrfToken, onUnauthorized, setCsrfToken } from '../api/client';
import { authApi } from '../api/endpoints';
import type { Me, Meta } from '../api/types';
import { useI18n } from '../i18n';

type Status = 'loading' | 'anonymous' | 'authenticated';

interface AuthValue {
  status: Status;
  me: Me | null;
  meta: Meta | null;
  /** holds the ability ('' for every signed-in user), or any one of a list */
  can: (ability: string | readonly string[]) => boolean;
  login: (username: string, password: string) => Promise<Me>;
  logout: () => Promise<void>;
  refresh: () => Promise<void>;
  setMe: (me: Me) => void;
}

const AuthContext = createContext<AuthValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const { locale, chosen, setLocale } = useI18n();
  const [status, setStatus] = useState<Status>('loading');
  const [me, setMeState] = useState<Me | null>(null);
  const [meta, setMeta] = useState<Meta | null>(null);

  const setMe = useCallback((next: Me) => {
    setMeState(next);
    setStatus('authenticated');
  }, []);

  const clear = useCallback(() => {
    setCsrfToken(null);
    setMeState(null);
    setStatus('anonymous');
  }, []);

  /** The device's explicit language choice wins; otherwise adopt the account's saved locale. */
  const syncLocale = useCallback(
    (user: Me) => {
      if (!chosen) {
        if (user.locale !== locale) setLocale(user.locale);
      } else if (user.locale !== locale) {
        authApi.updateMe({ locale }).catch(() => undefined);
      }
    },
    [chosen, locale, setLocale],
  );

  const refresh = useCallback(async () => {
    try {
      const user = await authApi.me();
      setMe(user);
      await fetchCsrfToken();
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) clear();
      else throw e;
    }
  }, [clear, setMe]);

  useEffect(() => {
    onUnauthorized(clear);
    authApi
      .meta()
      .then(setMeta)
      .catch(() => setMeta(null));
    authApi
      .me()
      .then((user) => {
        setMe(user);
        // Writes fetch the token themselves if this has not landed yet (api/client.ts).
        fetchCsrfToken().catch(() => undefined);
      })
      .catch(() => clear());
    return () => onUnauthorized(null);
  }, [clear, setMe]);

  const login = useCallback(
    async (username: string, password: string) => {
      const res = await authApi.login(username, password);
      setCsrfToken(res.csrfToken);
      setMe(res.user);
      syncLocale(res.user);
      return res.user;
    },
    [setMe, syncLocale],
  );

  const logout = useCallback(async () => {
    try {
      await authApi.logout();
    } finally {
      clear();
    }
  }, [clear]);

  const value = useMemo<AuthValue>(
    () => ({
      status,
      me,
      meta,
      // '' marks an entry every signed-in user has (e.g. the inbox).
      can: (ability) =>
        typeof ability === 'string'
          ? ability === '' || (me?.abilities.includes(ability) ?? false)
          : ability.some((a) => me?.abilities.includes(a)),
      login,
      logout,
      refresh,
      setMe,
    }),
    [status, me, meta, login, logout, refresh, setMe],
  );

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const v = useContext(AuthContext);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}
