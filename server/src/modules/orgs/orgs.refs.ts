import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { can, scopeSql, type Actor } from '../../platform/access/access.js';
import { orgs } from './orgs.table.js';

/*
 * Orgs named in a spreadsheet cell: "东城区委/机关党支部" is a name after its ancestors' names. The org and people
 * imports resolve such references against the caller's read scope, and exports write names a re-import resolves.
 */

/** "东城区委/机关党支部" → ['东城区委', '机关党支部']: a name, optionally after its ancestors' names. */
export const splitRef = (text: string) =>
  text
    .split(/[/／]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** A reference matches an org whose chain of names (root first, own name last) ends with it. */
export const chainMatches = (chain: readonly string[], ref: readonly string[]) =>
  ref.length > 0 &&
  ref.length <= chain.length &&
  ref.every((s, i) => chain[chain.length - ref.length + i] === s);

export interface OrgRef {
  id: number;
  name: string;
  path: string;
  /** names of the org's ancestors within the caller's scope, root first, then its own name */
  chain: string[];
}

export async function chunked<T, R>(items: T[], fn: (part: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += 1000) out.push(...(await fn(items.slice(i, i + 1000))));
  return out;
}

/** The active orgs in the actor's read scope that the references could mean, grouped by name. */
export async function loadOrgRefs(
  db: Executor,
  actor: Actor,
  refs: string[][],
): Promise<Map<string, OrgRef[]>> {
  const names = [...new Set(refs.map((r) => r[r.length - 1]))];
  const inScope = scopeSql(actor, 'org.read', orgs.path);
  const rows = await chunked(names, (part) =>
    db
      .select({ id: orgs.id, name: orgs.name, path: orgs.path })
      .from(orgs)
      .where(and(eq(orgs.active, true), inArray(orgs.name, part), inScope)),
  );
  const qualified = refs.some((r) => r.length > 1);
  const ancestorIds = qualified
    ? [...new Set(rows.flatMap((r) => r.path.split('.').slice(0, -1).map(Number)))]
    : [];
  const ancestors = await chunked(ancestorIds, (part) =>
    db
      .select({ id: orgs.id, name: orgs.name })
      .from(orgs)
      .where(and(inArray(orgs.id, part), inScope)),
  );
  const nameOf = new Map(ancestors.map((a) => [a.id, a.name]));
  const byName = new Map<string, OrgRef[]>();
  for (const r of rows) {
    const chain = [r.name];
    const labels = r.path.split('.').slice(0, -1).map(Number);
    for (let i = labels.length - 1; i >= 0 && nameOf.has(labels[i]); i--)
      chain.unshift(nameOf.get(labels[i])!);
    byName.set(r.name, [...(byName.get(r.name) ?? []), { ...r, chain }]);
  }
  return byName;
}

export const notFoundRef = (label: string, text: string) =>
  `${label}“${text}”不存在、已撤销或不在您的管理范围内`;
export const ambiguousRef = (label: string, text: string, n: number) =>
  `${label}“${text}”有${n}个同名单位，请写成“上级单位名称/单位名称”以区分`;

/** Names that more than one active org in the actor's read scope carries. */
export async function duplicateNames(db: Executor, actor: Actor): Promise<Set<string>> {
  const rows = await db
    .select({ name: orgs.name })
    .from(orgs)
    .where(and(eq(orgs.active, true), scopeSql(actor, 'org.read', orgs.path)))
    .groupBy(orgs.name)
    .having(sql`count(*) > 1`);
  return new Set(rows.map((r) => r.name));
}

/** How an export names an org so a re-import finds it: the name, after its parent's if the name repeats. */
export function refText(
  actor: Actor,
  dup: Set<string>,
  org: { name: string; parentName: string | null; parentPath: string | null },
): string {
  if (!dup.has(org.name) || !org.parentName || !org.parentPath || !can(actor, 'org.read', org.parentPath))
    return org.name;
  return `${org.parentName}/${org.name}`;
}
