import { describe, expect, it } from 'vitest';
import { abilities, can, inSubtree, scopeRoots, type Actor, type ActorGrant } from './access.js';
import { BUILTIN_ROLES, type Permission } from './permissions.js';

const role = (code: string) => BUILTIN_ROLES.find((r) => r.code === code)!;
const grant = (code: string, path: string): ActorGrant => ({
  grantId: 1,
  roleCode: code,
  roleName: role(code).name,
  orgId: Number(path.split('.').pop()),
  orgName: path,
  path,
  permissions: role(code).permissions,
  systemRole: Boolean(role(code).systemRole),
});
const actor = (grants: ActorGrant[], supervised: string[] = []): Actor => ({
  userId: 9,
  username: 'x',
  displayName: 'x',
  grants,
  supervised: supervised.map((path, i) => ({ groupId: 1, groupName: 'g', orgId: i, orgName: path, path })),
});

describe('subtree rules', () => {
  it('treats a path as inside its own subtree and never a sibling with a common prefix', () => {
    expect(inSubtree('1.2', '1.2')).toBe(true);
    expect(inSubtree('1.2.30', '1.2')).toBe(true);
    expect(inSubtree('1.20', '1.2')).toBe(false);
    expect(inSubtree('1', '1.2')).toBe(false);
  });

  it('grants reach down the tree and nowhere else', () => {
    const a = actor([grant('unit_admin', '1.2')]);
    expect(can(a, 'org.write', '1.2.7.9')).toBe(true);
    expect(can(a, 'org.write', '1')).toBe(false);
    expect(can(a, 'org.write', '1.3')).toBe(false);
    expect(can(a, 'audit.read')).toBe(false);
  });

  it('drops roots nested inside other roots', () => {
    const a = actor([grant('unit_admin', '1.2'), grant('unit_admin', '1.2.5'), grant('unit_admin', '1.4')]);
    expect(scopeRoots(a, 'org.read').sort()).toEqual(['1.2', '1.4']);
  });

  it('gives supervision groups read access to their assigned subtrees only', () => {
    const a = actor([], ['1.2', '1.6']);
    expect(can(a, 'org.read', '1.6.1')).toBe(true);
    expect(can(a, 'person.read', '1.2')).toBe(true);
    expect(can(a, 'org.write', '1.2')).toBe(false);
    expect(can(a, 'org.read', '1.3')).toBe(false);
    expect(abilities(a)).toEqual([
      'campaign.read',
      'meeting.read',
      'org.read',
      'person.read',
      'problem.read',
      'research.read',
      'study.read',
      'task.read',
    ]);
    expect(can(a, 'study.read', '1.6.1')).toBe(true);
    expect(can(a, 'research.read', '1.3')).toBe(false);
    expect(can(a, 'study.record', '1.2')).toBe(false);
  });
});

describe('three separated system roles (三员分立)', () => {
  const perms = (code: string) => new Set<Permission>(role(code).permissions);
  it('keeps the three duties apart', () => {
    expect(perms('sysadmin').has('user.manage')).toBe(true);
    expect(perms('sysadmin').has('audit.read')).toBe(false);
    expect(perms('sysadmin').has('grant.manage')).toBe(false);
    expect(perms('secadmin').has('grant.manage')).toBe(true);
    expect(perms('secadmin').has('user.manage')).toBe(false);
    expect(perms('secadmin').has('audit.read')).toBe(false);
    expect(perms('auditor').has('audit.read')).toBe(true);
    const writes: Permission[] = [
      'org.write',
      'person.write',
      'user.manage',
      'grant.manage',
      'security.manage',
    ];
    for (const p of writes) expect(perms('auditor').has(p)).toBe(false);
  });
});
