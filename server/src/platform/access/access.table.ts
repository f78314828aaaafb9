import { boolean, index, integer, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { stamps } from '../../db/columns.js';

/** Roles are data: a named permission set. */
export const roles = pgTable(
  'roles',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    nameEn: text('name_en').notNull().default(''),
    permissions: text('permissions').array().notNull(),
    /** one of the three separated system roles (三员). */
    systemRole: boolean('system_role').notNull().default(false),
    ...stamps(),
  },
  (t) => [uniqueIndex('roles_code_uq').on(t.code)],
);

/** A grant gives a user a role over an org's subtree. */
export const grants = pgTable(
  'grants',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: integer('user_id').notNull(),
    roleId: integer('role_id')
      .notNull()
      .references(() => roles.id),
    orgId: integer('org_id').notNull(),
    ...stamps(),
  },
  (t) => [uniqueIndex('grants_uq').on(t.userId, t.roleId, t.orgId), index('grants_org_idx').on(t.orgId)],
);

export const supervisionGroups = pgTable('supervision_groups', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  name: text('name').notNull(),
  issuer: text('issuer').notNull().default(''),
  active: boolean('active').notNull().default(true),
  ...stamps(),
});

export const supervisionGroupMembers = pgTable(
  'supervision_group_members',
  {
    groupId: integer('group_id')
      .notNull()
      .references(() => supervisionGroups.id),
    userId: integer('user_id').notNull(),
    duty: text('duty').notNull().default('组员'),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.userId] })],
);

/** The orgs a group supervises: read scope over their subtrees. */
export const supervisionGroupOrgs = pgTable(
  'supervision_group_orgs',
  {
    groupId: integer('group_id')
      .notNull()
      .references(() => supervisionGroups.id),
    orgId: integer('org_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.orgId] })],
);
