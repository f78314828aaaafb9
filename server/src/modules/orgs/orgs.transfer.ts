import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import fs from 'node:fs';
import type { Writable } from 'node:stream';
import type { Db, Executor } from '../../db/client.js';
import { can, requireAny, scopeSql } from '../../platform/access/access.js';
import type { Ctx } from '../../platform/context.js';
import {
  cellError,
  importAllOrNothing,
  readSheet,
  sortErrors,
  streamSheet,
  writeToFile,
  type SheetRow,
  type TImportError,
  type TImportResult,
} from '../../platform/xlsx.js';
import { kindFromLabel, ORG_KINDS, type OrgKind } from './orgs.kinds.js';
import { createOrgIn, getOrg } from './orgs.service.js';
import { orgCategories, orgs } from './orgs.table.js';
import {
  ambiguousRef,
  chainMatches,
  chunked,
  duplicateNames,
  loadOrgRefs,
  notFoundRef,
  refText,
  splitRef,
  type OrgRef,
} from './orgs.refs.js';

/*
 * Excel import and export of the org tree in the layout offices keep. 上级单位 names an org either in this
 * file (checked first, so a whole new subtree can come in one file) or an active org in the caller's
 * scope. A name that repeats can be qualified by its parent's: "东城区委/机关党支部".
 */

const HEADERS = ['序号', '单位名称', '简称', '上级单位', '单位类型', '分类', '排序号'];
const WIDTHS = [8, 36, 18, 36, 12, 18, 10];
export const ORG_LAYOUT = {
  sheetName: '组织机构',
  title: '组织机构信息表',
  columns: HEADERS.map((header, i) => ({ header, width: WIDTHS[i] })),
};
const SPEC = { required: ['单位名称', '上级单位', '单位类型'], optional: ['简称', '分类', '排序号'] };
const BATCH = 2000;

// ---- import ----

interface OrgLine {
  row: number;
  name: string;
  shortName: string | null;
  parentText: string;
  parentRef: string[];
  kind?: OrgKind;
  categoryId: number | null;
  sortOrder?: number;
  parent?: { db: OrgRef } | { file: OrgLine };
}

interface OrgPlan {
  count: number;
  errors: TImportError[];
  /** every line, parents before children (empty when any is bad) */
  lines: OrgLine[];
}

type Category = { id: number; code: string; name: string };

function parseLine(
  s: SheetRow,
  categories: Category[],
  fail: (column: string, message: string) => void,
): OrgLine {
  const c = s.cells;
  const name = c['单位名称'];
  if (!name) fail('单位名称', '单位名称不能为空');
  else if (name.length > 100) fail('单位名称', '单位名称不能超过100个字');
  else if (/[/／]/.test(name)) fail('单位名称', '单位名称不能包含“/”');
  if (c['简称'].length > 50) fail('简称', '简称不能超过50个字');
  if (!c['上级单位']) fail('上级单位', '上级单位不能为空');
  const kind = kindFromLabel(c['单位类型']);
  if (!c['单位类型']) fail('单位类型', '单位类型不能为空');
  else if (!kind)
    fail('单位类型', `单位类型“${c['单位类型']}”无效，可填：${ORG_KINDS.map((k) => k.name).join('、')}`);
  let categoryId: number | null = null;
  if (c['分类']) {
    const byCode = categories.filter((k) => k.code === c['分类']);
    const found = byCode.length ? byCode : categories.filter((k) => k.name === c['分类']);
    if (found.length === 1) categoryId = found[0].id;
    else if (found.length === 0) fail('分类', `分类“${c['分类']}”不存在`);
    else fail('分类', `分类“${c['分类']}”有${found.length}个同名分类，请填写分类代码`);
  }
  let sortOrder: number | undefined;
  if (c['排序号']) {
    if (/^\d{1,7}$/.test(c['排序号']) && Number(c['排序号']) <= 1_000_000) sortOrder = Number(c['排序号']);
    else fail('排序号', '排序号应为0到1000000之间的整数');
  }
  const parentRef = splitRef(c['上级单位']);
  return {
    row: s.row,
    name,
    shortName: c['简称'] || null,
    parentText: c['上级单位'],
    parentRef,
    kind,
    categoryId,
    sortOrder,
  };
}

/** Validates every line without writing: parents resolved, order fixed, every problem listed. */
async function planOrgs(
  db: Executor,
  ctx: Ctx,
  sheet: { headerRow: number; rows: SheetRow[] },
): Promise<OrgPlan> {
  const errors: TImportError[] = [];
  const bad = new Set<OrgLine>();
  if (sheet.rows.length === 0)
    return { count: 0, errors: [cellError(sheet.headerRow + 1, '', '文件中没有数据行')], lines: [] };
  const categories = await db
    .select({ id: orgCategories.id, code: orgCategories.code, name: orgCategories.name })
    .from(orgCategories);
  const lines: OrgLine[] = sheet.rows.map((s) => {
    const rowErrors: TImportError[] = [];
    const line = parseLine(s, categories, (column, message) =>
      rowErrors.push(cellError(s.row, column, message)),
    );
    if (rowErrors.length) bad.add(line);
    errors.push(...rowErrors);
    return line;
  });
  const fail = (l: OrgLine, column: string, message: string) => {
    errors.push(cellError(l.row, column, message));
    bad.add(l);
  };

  // Resolve 上级单位: a line of this file first, else an org in scope the caller may write under.
  const inFile = new Map<string, OrgLine[]>();
  for (const l of lines) if (l.name) inFile.set(l.name, [...(inFile.get(l.name) ?? []), l]);
  const withParent = lines.filter((l) => l.parentRef.length > 0);
  const known = await loadOrgRefs(
    db,
    ctx.actor,
    withParent.map((l) => l.parentRef),
  );
  for (const l of withParent) {
    const last = l.parentRef[l.parentRef.length - 1];
    const fileHits = (inFile.get(last) ?? []).filter((f) =>
      chainMatches([...f.parentRef, f.name], l.parentRef),
    );
    if (fileHits.length > 1) {
      const rows = fileHits.map((f) => f.row).join('、');
      fail(
        l,
        '上级单位',
        `上级单位“${l.parentText}”在文件中有多行（第${rows}行），请写成“上级单位名称/单位名称”以区分`,
      );
    } else if (fileHits.length === 1) l.parent = { file: fileHits[0] };
    else {
      const dbHits = (known.get(last) ?? []).filter((o) => chainMatches(o.chain, l.parentRef));
      if (dbHits.length === 0) fail(l, '上级单位', notFoundRef('上级单位', l.parentText));
      else if (dbHits.length > 1) fail(l, '上级单位', ambiguousRef('上级单位', l.parentText, dbHits.length));
      else if (!can(ctx.actor, 'org.write', dbHits[0].path))
        fail(l, '上级单位', `无权在上级单位“${l.parentText}”下新增单位`);
      else l.parent = { db: dbHits[0] };
    }
  }

  // Parents before children; a chain of lines that leads back to itself is a cycle.
  const order: OrgLine[] = [];
  const state = new Map<OrgLine, 'visiting' | 'done'>();
  for (const start of lines) {
    const stack: OrgLine[] = [];
    let cur: OrgLine | undefined = start;
    while (cur && !state.has(cur)) {
      state.set(cur, 'visiting');
      stack.push(cur);
      cur = cur.parent && 'file' in cur.parent ? cur.parent.file : undefined;
    }
    if (cur && state.get(cur) === 'visiting') {
      const cycle = stack.slice(stack.indexOf(cur));
      const rows = cycle.map((l) => l.row).join('、');
      for (const l of cycle) fail(l, '上级单位', `上级单位形成循环引用（第${rows}行）`);
    }
    for (const l of stack.reverse()) {
      state.set(l, 'done');
      order.push(l);
    }
  }

  // The same name twice under one parent: within the file, and against the orgs already there.
  const seen = new Map<string, OrgLine>();
  for (const l of lines) {
    if (!l.name || !l.parent) continue;
    const key = `${'db' in l.parent ? `d${l.parent.db.id}` : `f${l.parent.file.row}`}|${l.name}`;
    const first = seen.get(key);
    if (first) fail(l, '单位名称', `与第${first.row}行重复：同一上级单位下不能有同名单位`);
    else seen.set(key, l);
  }
  const underDb = lines.filter((l) => l.name && l.parent && 'db' in l.parent);
  const parentIds = [...new Set(underDb.map((l) => (l.parent as { db: OrgRef }).db.id))];
  const taken = await chunked(parentIds, (part) =>
    db
      .select({ parentId: orgs.parentId, name: orgs.name })
      .from(orgs)
      .where(
        and(eq(orgs.active, true), inArray(orgs.parentId, part), scopeSql(ctx.actor, 'org.read', orgs.path)),
      ),
  );
  const takenKeys = new Set(taken.map((t) => `${t.parentId}|${t.name}`));
  for (const l of underDb) {
    const parent = (l.parent as { db: OrgRef }).db;
    if (takenKeys.has(`${parent.id}|${l.name}`))
      fail(l, '单位名称', `上级单位“${parent.name}”下已有名为“${l.name}”的单位`);
  }
  return { count: lines.length, errors: sortErrors(errors, HEADERS), lines: bad.size ? [] : order };
}

export async function previewOrgs(db: Executor, ctx: Ctx, buf: Buffer): Promise<TImportResult> {
  requireAny(ctx.actor, 'org.write');
  const plan = await planOrgs(db, ctx, await readSheet(buf, SPEC));
  return { ok: plan.errors.length === 0, count: plan.count, errors: plan.errors };
}

/**
 * Validates exactly as the preview, then creates every org in one transaction, or none, through createOrgIn,
 * so each row gets the access checks and audit event of the API.
 */
export async function importOrgs(db: Db, ctx: Ctx, buf: Buffer): Promise<TImportResult> {
  requireAny(ctx.actor, 'org.write');
  const sheet = await readSheet(buf, SPEC);
  const created = new Map<OrgLine, number>();
  return importAllOrNothing(
    db,
    (tx) => planOrgs(tx, ctx, sheet),
    async (tx, l) => {
      const parent = l.parent!;
      const org = await createOrgIn(tx, ctx, {
        parentId: 'db' in parent ? parent.db.id : created.get(parent.file)!,
        name: l.name,
        shortName: l.shortName,
        kind: l.kind!,
        categoryId: l.categoryId,
        sortOrder: l.sortOrder,
      });
      created.set(l, org.id);
    },
    '单位名称',
  );
}

// ---- export ----

/** Checks access before a download starts; returns the subtree's path (undefined: the caller's whole scope). */
export async function prepareOrgExport(db: Executor, ctx: Ctx, rootId?: number): Promise<string | undefined> {
  requireAny(ctx.actor, 'org.read');
  return rootId === undefined ? undefined : (await getOrg(db, ctx, rootId)).path;
}

/** Writes the active orgs of the subtree (or scope) in tree order, in batches, in the import layout. */
export async function writeOrgsExport(
  db: Executor,
  ctx: Ctx,
  out: Writable,
  rootPath?: string,
): Promise<void> {
  const dup = await duplicateNames(db, ctx.actor);
  const parent = alias(orgs, 'parent');
  const grand = alias(orgs, 'grand');
  const kindName = new Map<string, string>(ORG_KINDS.map((k) => [k.code, k.name]));
  let seq = 0;
  let last: string | undefined;
  await streamSheet(out, ORG_LAYOUT, async (add, drained) => {
    for (;;) {
      const batch = await db
        .select({
          name: orgs.name,
          shortName: orgs.shortName,
          kind: orgs.kind,
          category: orgCategories.name,
          sortOrder: orgs.sortOrder,
          path: orgs.path,
          parentName: parent.name,
          parentPath: parent.path,
          grandName: grand.name,
          grandPath: grand.path,
        })
        .from(orgs)
        .leftJoin(orgCategories, eq(orgCategories.id, orgs.categoryId))
        .leftJoin(parent, eq(parent.id, orgs.parentId))
        .leftJoin(grand, eq(grand.id, parent.parentId))
        .where(
          and(
            eq(orgs.active, true),
            scopeSql(ctx.actor, 'org.read', orgs.path),
            rootPath === undefined ? undefined : sql`${orgs.path} <@ ${rootPath}::ltree`,
            last === undefined ? undefined : sql`${orgs.path} > ${last}::ltree`,
          ),
        )
        .orderBy(asc(orgs.path))
        .limit(BATCH);
      for (const r of batch) {
        const parentVisible =
          r.parentName !== null && r.parentPath !== null && can(ctx.actor, 'org.read', r.parentPath);
        const parentCell = parentVisible
          ? refText(ctx.actor, dup, { name: r.parentName!, parentName: r.grandName, parentPath: r.grandPath })
          : null;
        const kind = kindName.get(r.kind) ?? r.kind;
        add([++seq, r.name, r.shortName, parentCell, kind, r.category, r.sortOrder]);
      }
      await drained();
      if (batch.length < BATCH) return;
      last = batch[batch.length - 1].path;
    }
  });
}

// ---- CLI ----

/** Imports an .xlsx file (writes only when every row is valid). */
export async function importOrgsFile(db: Db, ctx: Ctx, filePath: string): Promise<TImportResult> {
  return importOrgs(db, ctx, await fs.promises.readFile(filePath));
}

/** Exports the subtree under rootId (default: the ctx's whole scope) to an .xlsx file. */
export async function exportOrgsFile(db: Db, ctx: Ctx, filePath: string, rootId?: number): Promise<void> {
  const rootPath = await prepareOrgExport(db, ctx, rootId);
  await writeToFile(filePath, (out) => writeOrgsExport(db, ctx, out, rootPath));
}
