import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { setApiLocale } from '../api/client';
import type { Locale } from '../api/types';
import { en } from './en';
import { zh, type MessageKey } from './zh';
import { formatDate, formatDateTime } from './format';

const STORAGE_KEY = 'luoshi.locale';

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

interface I18nValue {
  locale: Locale;
  /** true when the user picked the language on this device (it then wins over the account's saved locale). */
  chosen: boolean;
  setLocale: (locale: Locale) => void;
  t: Translate;
  fmtDate: (value: string | number | Date | null | undefined) => string;
  fmtDateTime: (value: string | number | Date | null | undefined) => string;
}

const I18nContext = createContext<I18nValue | null>(null);

function readStored(): Locale | null {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return v === 'en-US' || v === 'zh-CN' ? v : null;
  } catch {
    return null;
  }
}

function apply(locale: Locale): void {
  setApiLocale(locale);
  dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
  document.documentElement.lang = locale;
}

const initial = readStored();
apply(initial ?? 'zh-CN');

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initial ?? 'zh-CN');
  const [chosen, setChosen] = useState(initial !== null);

  const setLocale = useCallback((next: Locale) => {
    apply(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // private mode: the choice lasts for this tab only
    }
    setChosen(true);
    setLocaleState(next);
  }, []);

  const value = useMemo<I18nValue>(() => {
    const dict = locale === 'zh-CN' ? zh : en;
    const t: Translate = (key, params) => {
      const text: string = dict[key] ?? zh[key] ?? key;
      return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => String(params[name] ?? m)) : text;
    };
    return {
      locale,
      chosen,
      setLocale,
      t,
      fmtDate: (v) => formatDate(v, locale),
      fmtDateTime: (v) => formatDateTime(v, locale),
    };
  }, [locale, chosen, setLocale]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const v = useContext(I18nContext);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}

export type { MessageKey };
