import { pinyin } from 'pinyin-pro';

/** Pinyin initials of Chinese text, lower case, other characters kept: 清河市委 → qhsw. */
export function pinyinInitials(text: string): string {
  return pinyin(text, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' })
    .join('')
    .replace(/\s+/g, '')
    .toLowerCase();
}

/** The search key stored for an org: initials of its name and of its short name. */
export function orgSearchKey(name: string, shortName?: string | null): string {
  return [name, shortName]
    .filter(Boolean)
    .map((s) => pinyinInitials(s as string))
    .join(' ');
}
