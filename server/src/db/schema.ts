export * from '../modules/orgs/orgs.table.js';
export * from '../modules/people/people.table.js';
export * from '../modules/campaigns/campaigns.table.js';
export * from '../modules/settings/settings.table.js';
export * from '../platform/auth/auth.table.js';
export * from '../platform/access/access.table.js';
export * from '../platform/audit/audit.table.js';
