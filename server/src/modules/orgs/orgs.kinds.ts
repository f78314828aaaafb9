/** Kinds of org. Data for the UI and the Excel import (which accepts the Chinese label too). */
export const ORG_KINDS = [
  { code: 'committee', name: '党委', nameEn: 'Party committee' },
  { code: 'working_committee', name: '党工委', nameEn: 'Working committee' },
  { code: 'office', name: '办公室', nameEn: 'Office' },
  { code: 'working_group', name: '工作组', nameEn: 'Working group' },
  { code: 'department', name: '部门', nameEn: 'Department' },
  { code: 'enterprise', name: '企业', nameEn: 'Enterprise' },
  { code: 'school', name: '学校', nameEn: 'School' },
  { code: 'hospital', name: '医院', nameEn: 'Hospital' },
  { code: 'township', name: '乡镇', nameEn: 'Township' },
  { code: 'street', name: '街道', nameEn: 'Street' },
  { code: 'community', name: '社区', nameEn: 'Community' },
  { code: 'village', name: '村', nameEn: 'Village' },
  { code: 'general_branch', name: '党总支', nameEn: 'General branch' },
  { code: 'branch', name: '党支部', nameEn: 'Branch' },
  { code: 'other', name: '其他', nameEn: 'Other' },
] as const;

export type OrgKind = (typeof ORG_KINDS)[number]['code'];
export const ORG_KIND_CODES = ORG_KINDS.map((k) => k.code) as [OrgKind, ...OrgKind[]];

export function kindFromLabel(label: string): OrgKind | undefined {
  const t = label.trim();
  return ORG_KINDS.find((k) => k.code === t || k.name === t || k.nameEn.toLowerCase() === t.toLowerCase())
    ?.code;
}
