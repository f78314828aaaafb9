/** Every permission the platform knows. Roles are data: sets of these. */
export const PERMISSIONS = [
  'org.read',
  'org.write',
  'person.read',
  'person.write',
  'person.phone',
  'campaign.read',
  'campaign.manage',
  'user.manage',
  'grant.manage',
  'security.manage',
  'audit.read',
  'problem.read',
  'problem.write',
  'problem.signoff',
  'inspection.answer',
  'checklist.manage',
  'task.read',
  'task.issue',
  'task.handle',
  'meeting.read',
  'meeting.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** What membership in a supervision group allows over the assigned subtrees: reading. */
export const SUPERVISION_PERMISSIONS: readonly Permission[] = [
  'org.read',
  'person.read',
  'campaign.read',
  'problem.read',
  'task.read',
  'meeting.read',
];

export interface RoleDef {
  code: string;
  name: string;
  nameEn: string;
  permissions: Permission[];
  systemRole?: boolean;
}

/** Built-in roles, written at migrate time; offices may add their own. */
export const BUILTIN_ROLES: RoleDef[] = [
  {
    code: 'office_admin',
    name: '主题教育办公室管理员',
    nameEn: 'Campaign office administrator',
    permissions: [
      'org.read',
      'org.write',
      'person.read',
      'person.write',
      'person.phone',
      'campaign.read',
      'campaign.manage',
      'problem.read',
      'problem.write',
      'problem.signoff',
      'inspection.answer',
      'checklist.manage',
      'task.read',
      'task.issue',
      'task.handle',
      'meeting.read',
      'meeting.manage',
    ],
  },
  {
    code: 'unit_admin',
    name: '单位管理员',
    nameEn: 'Unit administrator',
    permissions: [
      'org.read',
      'org.write',
      'person.read',
      'person.write',
      'person.phone',
      'campaign.read',
      'problem.read',
      'problem.write',
      'problem.signoff',
      'inspection.answer',
      'task.read',
      'task.issue',
      'task.handle',
      'meeting.read',
      'meeting.manage',
    ],
  },
  {
    code: 'liaison',
    name: '联络员',
    nameEn: 'Liaison',
    permissions: [
      'org.read',
      'person.read',
      'person.write',
      'campaign.read',
      'problem.read',
      'problem.write',
      'inspection.answer',
      'task.read',
      'task.handle',
      'meeting.read',
    ],
  },
  {
    code: 'branch_secretary',
    name: '支部书记',
    nameEn: 'Branch secretary',
    permissions: [
      'org.read',
      'person.read',
      'person.write',
      'person.phone',
      'campaign.read',
      'problem.read',
      'problem.write',
      'inspection.answer',
      'task.read',
      'task.handle',
      'meeting.read',
    ],
  },
  {
    code: 'member',
    name: '党员',
    nameEn: 'Member',
    permissions: [
      'org.read',
      'person.read',
      'campaign.read',
      'problem.read',
      'inspection.answer',
      'task.read',
      'meeting.read',
    ],
  },
  {
    code: 'sysadmin',
    name: '系统管理员',
    nameEn: 'System administrator',
    permissions: ['user.manage', 'org.read'],
    systemRole: true,
  },
  {
    code: 'secadmin',
    name: '安全保密管理员',
    nameEn: 'Security administrator',
    permissions: ['grant.manage', 'security.manage', 'org.read'],
    systemRole: true,
  },
  {
    code: 'auditor',
    name: '安全审计员',
    nameEn: 'Security auditor',
    permissions: ['audit.read', 'org.read'],
    systemRole: true,
  },
];
