import type { Locale } from '../../../api/types';

/** The server stores these as the Chinese words; English labels are for display only. */
const STATUS_EN: Record<string, string> = {
  中共党员: 'CPC member',
  中共预备党员: 'Probationary member',
  共青团员: 'CYL member',
  民主党派: 'Democratic party',
  群众: 'Non-party',
};
const GENDER_EN: Record<string, string> = { 男: 'Male', 女: 'Female' };

export const statusLabel = (s: string, locale: Locale) => (locale === 'en-US' ? (STATUS_EN[s] ?? s) : s);
export const genderLabel = (g: string, locale: Locale) => (locale === 'en-US' ? (GENDER_EN[g] ?? g) : g);
