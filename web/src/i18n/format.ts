import type { Locale } from '../api/types';

const TZ = 'Asia/Shanghai';

const dateFormats: Record<Locale, Intl.DateTimeFormat> = {
  'zh-CN': new Intl.DateTimeFormat('zh-CN', { timeZone: TZ, year: 'numeric', month: 'long', day: 'numeric' }),
  'en-US': new Intl.DateTimeFormat('en-US', {
    timeZone: TZ,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
  }),
};

const timeFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: TZ,
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

function toDate(value: string | number | Date): Date | null {
  // A bare calendar date (2023-10-31) is a date in Beijing, not midnight UTC.
  const d =
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
      ? new Date(`${value}T00:00:00+08:00`)
      : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** 2023年10月31日 (zh-CN) / Oct 31, 2023 (en-US), in Asia/Shanghai. */
export function formatDate(value: string | number | Date | null | undefined, locale: Locale): string {
  if (value === null || value === undefined || value === '') return '—';
  const d = toDate(value);
  return d ? dateFormats[locale].format(d) : String(value);
}

/** 2023年10月31日 14:05:09 (zh-CN), in Asia/Shanghai. */
export function formatDateTime(value: string | number | Date | null | undefined, locale: Locale): string {
  if (value === null || value === undefined || value === '') return '—';
  const d = toDate(value);
  return d ? `${dateFormats[locale].format(d)} ${timeFormat.format(d)}` : String(value);
}
