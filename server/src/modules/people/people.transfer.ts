import { and, asc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import fs from 'node:fs';
import type { Writable } from 'node:stream';
import type { Db, Executor } from '../../db/client.js';
import { can, requireAny, scopeSql } from '../../platform/access/access.js';
import { users } from '../../platform/auth/auth.table.js';
import type { Ctx } from '../../platform/context.js';
import {
  cellError,
  atRow,
  importBatchAllOrNothing,
  readSheet,
  sortErrors,
  streamSheet,
  writeToFile,
  type SheetRow,
  type TImportError,
  type TImportResult,
} from '../../platform/xlsx.js';
import { getOrg } from '../orgs/orgs.service.js';
import { orgs } from '../orgs/orgs.table.js';
import {
  ambiguousRef,
  chainMatches,
  duplicateNames,
  loadOrgRefs,
  notFoundRef,
  refText,
  splitRef,
} from '../orgs/orgs.refs.js';
import { GENDERS, POLITICAL_STATUSES, ZPhone, type TPersonCreate } from './people.schemas.js';
import { createPeopleIn, presentPerson } from './people.service.js';
import { people } from './people.table.js';

/*
 * Excel import and export of people (党员、干部) in the layout offices keep. 所在单位 names an active org in the
 * caller's scope, qualified by its parent's name where the name repeats ("东城区委/机关党支部").
 */

const HEADERS = ['序号', '姓名', '性别', '所在单位', '职务', '政治面貌', '联系电话'];
const WIDTHS = [8, 12, 8, 36, 20, 14, 16];
export const PEOPLE_LAYOUT = {
  sheetName: '人员',
  title: '人员信息表',
  columns: HEADERS.map((header, i) => ({ header, width: WIDTHS[i] })),
};
const SPEC = { required: ['姓名', '性别', '所在单位', '政治面貌'], optional: ['职务', '联系电话'] };
const BATCH = 2000;

type Gender = (typeof GENDERS)[number];
type PoliticalStatus = (typeof POLITICAL_STATUSES)[number];

/** Spellings seen in office sheets, mapped to the stored values. */
const GENDER_ALIASES = new Map<string, Gender>([
  ['男', '男'],
  ['女', '女'],
  ['男性', '男'],
  ['女性', '女'],
]);
const STATUS_ALIASES = new Map<string, PoliticalStatus>([
  ...POLITICAL_STATUSES.map((s): [string, PoliticalStatus] => [s, s]),
  ['党员', '中共党员'],
  ['共产党员', '中共党员'],
  ['预备党员', '中共预备党员'],
  ['团员', '共青团员'],
]);

interface PersonLine {
  row: number;
  input?: TPersonCreate;
}

async function planPeople(
  db: Executor,
  ctx: Ctx,
  sheet: { headerRow: number; rows: SheetRow[] },
): Promise<{ count: number; errors: TImportError[]; lines: PersonLine[] }> {
  if (sheet.rows.length === 0)
    return { count: 0, errors: [cellError(sheet.headerRow + 1, '', '文件中没有数据行')], lines: [] };
  const errors: TImportError[] = [];
  const refs = sheet.rows.map((s) => splitRef(s.cells['所在单位']));
  const known = await loadOrgRefs(
    db,
    ctx.actor,
    refs.filter((r) => r.length > 0),
  );
  const lines = sheet.rows.map((s, i): PersonLine => {
    const c = s.cells;
    const fail = (column: string, message: string) => errors.push(cellError(s.row, column, message));
    const before = errors.length;
    if (!c['姓名']) fail('姓名', '姓名不能为空');
    else if (c['姓名'].length > 50) fail('姓名', '姓名不能超过50个字');
    const gender = GENDER_ALIASES.get(c['性别'].replace(/\s/g, ''));
    if (!c['性别']) fail('性别', '性别不能为空');
    else if (!gender) fail('性别', `性别“${c['性别']}”无效，应填“男”或“女”`);
    let orgId: number | undefined;
    if (!c['所在单位']) fail('所在单位', '所在单位不能为空');
    else {
      const ref = refs[i];
      const hits = (known.get(ref[ref.length - 1]) ?? []).filter((o) => chainMatches(o.chain, ref));
      if (hits.length === 0) fail('所在单位', notFoundRef('所在单位', c['所在单位']));
      else if (hits.length > 1) fail('所在单位', ambiguousRef('所在单位', c['所在单位'], hits.length));
      else if (!can(ctx.actor, 'person.write', hits[0].path))
        fail('所在单位', `无权在“${c['所在单位']}”导入人员`);
      else orgId = hits[0].id;
    }
    if (c['职务'].length > 50) fail('职务', '职务不能超过50个字');
    const status = STATUS_ALIASES.get(c['政治面貌'].replace(/\s/g, ''));
    if (!c['政治面貌']) fail('政治面貌', '政治面貌不能为空');
    else if (!status)
      fail('政治面貌', `政治面貌“${c['政治面貌']}”无效，可填：${POLITICAL_STATUSES.join('、')}`);
    const phoneText = c['联系电话'].normalize('NFKC').replace(/\s/g, '');
    const phone = ZPhone.safeParse(phoneText);
    if (phoneText.includes('*')) fail('联系电话', '联系电话是脱敏号码，请填写完整号码或留空');
    else if (!phone.success)
      fail('联系电话', `联系电话“${c['联系电话']}”格式有误，应为11位手机号或带区号的固定电话`);
    if (errors.length > before) return { row: s.row };
    return {
      row: s.row,
      input: {
        orgId: orgId!,
        name: c['姓名'],
        gender: gender!,
        position: c['职务'] || null,
        politicalStatus: status!,
        phone: phone.data ?? null,
      },
    };
  });
  return { count: lines.length, errors: sortErrors(errors, HEADERS), lines };
}

export async function previewPeople(db: Executor, ctx: Ctx, buf: Buffer): Promise<TImportResult> {
  requireAny(ctx.actor, 'person.write');
  const plan = await planPeople(db, ctx, await readSheet(buf, SPEC));
  return { ok: plan.errors.length === 0, count: plan.count, errors: plan.errors };
}

/** Validates exactly as the preview, then creates every person in one transaction, or nobody. */
export async function importPeople(db: Db, ctx: Ctx, buf: Buffer): Promise<TImportResult> {
  requireAny(ctx.actor, 'person.write');
  const sheet = await readSheet(buf, SPEC);
  return importBatchAllOrNothing(
    db,
    (tx) => planPeople(tx, ctx, sheet),
    (tx, lines) =>
      atRow(lines[0]?.row ?? 0, '所在单位', () =>
        createPeopleIn(
          tx,
          ctx,
          lines.map((l) => l.input!),
        ),
      ),
  );
}

/** Checks access before a download starts; returns the org's path (undefined: the caller's whole scope). */
export async function preparePeopleExport(
  db: Executor,
  ctx: Ctx,
  orgId?: number,
): Promise<string | undefined> {
  requireAny(ctx.actor, 'person.read');
  return orgId === undefined ? undefined : (await getOrg(db, ctx, orgId)).path;
}

/** Writes the active people of the subtree (or scope), phones as presentPerson shows them to the caller. */
export async function writePeopleExport(
  db: Executor,
  ctx: Ctx,
  out: Writable,
  orgPath?: string,
): Promise<void> {
  const dup = await duplicateNames(db, ctx.actor);
  const parent = alias(orgs, 'parent');
  let seq = 0;
  let last: { path: string; id: number } | undefined;
  await streamSheet(out, PEOPLE_LAYOUT, async (add, drained) => {
    for (;;) {
      const batch = await db
        .select({
          id: people.id,
          orgId: people.orgId,
          orgName: orgs.name,
          orgPath: orgs.path,
          name: people.name,
          gender: people.gender,
          position: people.position,
          politicalStatus: people.politicalStatus,
          phone: people.phone,
          userId: people.userId,
          username: users.username,
          active: people.active,
          version: people.version,
          createdAt: people.createdAt,
          updatedAt: people.updatedAt,
          parentName: parent.name,
          parentPath: parent.path,
        })
        .from(people)
        .innerJoin(orgs, eq(orgs.id, people.orgId))
        .leftJoin(parent, eq(parent.id, orgs.parentId))
        .leftJoin(users, eq(users.id, people.userId))
        .where(
          and(
            eq(people.active, true),
            scopeSql(ctx.actor, 'person.read', orgs.path),
            orgPath === undefined ? undefined : sql`${orgs.path} <@ ${orgPath}::ltree`,
            last === undefined
              ? undefined
              : sql`(${orgs.path}, ${people.id}) > (${last.path}::ltree, ${last.id})`,
          ),
        )
        .orderBy(asc(orgs.path), asc(people.id))
        .limit(BATCH);
      for (const r of batch) {
        const p = presentPerson(ctx, r);
        const org = refText(ctx.actor, dup, {
          name: r.orgName,
          parentName: r.parentName,
          parentPath: r.parentPath,
        });
        add([++seq, p.name, p.gender, org, p.position, p.politicalStatus, p.phone]);
      }
      await drained();
      if (batch.length < BATCH) return;
      const tail = batch[batch.length - 1];
      last = { path: tail.orgPath, id: tail.id };
    }
  });
}

// ---- CLI ----

export async function importPeopleFile(db: Db, ctx: Ctx, filePath: string): Promise<TImportResult> {
  return importPeople(db, ctx, await fs.promises.readFile(filePath));
}

export async function exportPeopleFile(db: Db, ctx: Ctx, filePath: string, orgId?: number): Promise<void> {
  const orgPath = await preparePeopleExport(db, ctx, orgId);
  await writeToFile(filePath, (out) => writePeopleExport(db, ctx, out, orgPath));
}
