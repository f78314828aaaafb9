import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Writable } from 'node:stream';
import type { Db, Executor } from '../../db/client.js';
import { requireVisible, scopeSql } from '../../platform/access/access.js';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import {
  cellError,
  atRow,
  importBatchAllOrNothing,
  readSheet,
  streamSheet,
  type TImportError,
} from '../../platform/xlsx.js';
import { campaigns } from '../campaigns/campaigns.table.js';
import { orgs } from '../orgs/orgs.table.js';
import {
  cnDate,
  fromCells,
  HEADER_VARIANTS,
  LEDGER_COLUMNS,
  ledgerRowXml,
  type LedgerColumn,
} from './problems.ledger.js';
import { copyLedgerRows } from './problems.export-copy.js';
import { forEachLedgerRow } from './problems.export-rows.js';
import { resolveOrg } from './problems.repo.js';
import { refreshLedgerRows } from './problems.ledger-rows.js';
import type { TProblemFilter } from './problems.schemas.js';
import { createProblemIn, insertMeasures } from './problems.service.js';
import { problemMeasures, problems, ruleProblems, rules } from './problems.table.js';

/** The campaign a ledger works on: the one asked for, or the first one. */
export async function ledgerCampaign(db: Executor, campaignId?: number) {
  const [c] = await db
    .select({ id: campaigns.id, code: campaigns.code, name: campaigns.name })
    .from(campaigns)
    .where(campaignId ? eq(campaigns.id, campaignId) : undefined)
    .orderBy(asc(campaigns.id))
    .limit(1);
  if (!c) throw new AppError('VALIDATION', 400, {}, [{ field: 'campaignId', message: '活动不存在' }]);
  return c;
}

/** The title row's unit: the filtered org, or the caller's first scope root. */
export async function ledgerUnit(db: Db, ctx: Ctx, orgId?: number) {
  if (!orgId) return ctx.actor.grants[0]?.orgName ?? '';
  const [o] = await db.select({ name: orgs.name, path: orgs.path }).from(orgs).where(eq(orgs.id, orgId));
  requireVisible(ctx.actor, 'problem.read', o?.path);
  return o.name;
}

/** Streams the filtered ledger a batch at a time (problems.export-rows.ts), so any size fits in memory. */
export async function writeLedger(db: Db, ctx: Ctx, out: Writable, f: TProblemFilter, unit: string) {
  const today = new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' });
  const layout = {
    sheetName: '整改台账',
    title: `${unit}检视问题整改台账（截至${cnDate(today)}）`,
    columns: LEDGER_COLUMNS,
    titleHeight: 30,
    wrap: true,
  };
  let n = 0;
  await streamSheet(out, layout, async (_add, drained, addXml) => {
    const filter = await resolveOrg(db, f);
    // PostgreSQL: the stored rows streamed by COPY; else (PGlite, or many rows not stored) by batches
    const add = (cells: string | Buffer) => addXml([++n], cells);
    if (await copyLedgerRows(db, ctx.actor, filter, add, drained)) return;
    await forEachLedgerRow(db, ctx.actor, filter, async (rows) => {
      for (const r of rows) add(typeof r === 'string' ? r : ledgerRowXml(r));
      await drained();
    });
  });
}

interface SheetLine {
  row: number;
  cells: Record<LedgerColumn, string>;
}

const REQUIRED: LedgerColumn[] = ['问题表现', '责任单位', '整改时限'];

const OPTIONAL = LEDGER_COLUMNS.map((c) => c.header).filter((h) => !REQUIRED.includes(h));

/** Reads the ledger sheet: the header row is found within the first rows, columns matched by any known spelling. */
async function readLedger(buf: Buffer): Promise<SheetLine[]> {
  const sheet = await readSheet(buf, {
    required: REQUIRED,
    optional: OPTIONAL,
    variants: HEADER_VARIANTS,
    notData: ['序号'],
  });
  return sheet.rows as SheetLine[];
}

interface ImportLine {
  row: number;
  orgId: number;
  value: ReturnType<typeof fromCells>['value'];
  seq?: number;
}

async function planImport(tx: Executor, ctx: Ctx, buf: Buffer, campaignId?: number) {
  const campaign = await ledgerCampaign(tx, campaignId);
  const sheet = await readLedger(buf);
  const errors: TImportError[] = [];
  const lines: ImportLine[] = [];
  const names = [...new Set(sheet.map((l) => l.cells.责任单位).filter(Boolean))];
  const found = names.length
    ? await tx
        .select({ id: orgs.id, name: orgs.name, shortName: orgs.shortName })
        .from(orgs)
        .where(
          and(
            or(inArray(orgs.name, names), inArray(orgs.shortName, names)),
            eq(orgs.active, true),
            scopeSql(ctx.actor, 'problem.write', orgs.path),
          ),
        )
    : [];
  const numbers = sheet.map((l) => l.cells.问题编号).filter(Boolean);
  const taken = numbers.length
    ? await tx
        .select({ number: problems.number })
        .from(problems)
        .where(and(eq(problems.campaignId, campaign.id), inArray(problems.number, numbers)))
    : [];
  const seen = new Set<string>();
  const prefix = `${campaign.code}-`;
  for (const line of sheet) {
    const parsed = fromCells(line.cells);
    for (const e of parsed.errors) errors.push(cellError(line.row, e.column, e.message));
    const matches = found.filter(
      (o) => o.name === line.cells.责任单位 || o.shortName === line.cells.责任单位,
    );
    if (line.cells.责任单位 && matches.length === 0)
      errors.push(cellError(line.row, '责任单位', `“${line.cells.责任单位}”不存在或不在您的管理范围内`));
    if (matches.length > 1)
      errors.push(cellError(line.row, '责任单位', `“${line.cells.责任单位}”有重名，请填写全称`));
    const num = parsed.value.number;
    if (num && (seen.has(num) || taken.some((t) => t.number === num)))
      errors.push(cellError(line.row, '问题编号', `问题编号${num}已存在`));
    if (num) seen.add(num);
    const seq =
      num.startsWith(prefix) && /^\d{1,9}$/.test(num.slice(prefix.length))
        ? Number(num.slice(prefix.length))
        : undefined;
    if (matches.length === 1) lines.push({ row: line.row, orgId: matches[0].id, value: parsed.value, seq });
  }
  return { count: sheet.length, errors: errors.sort((a, b) => a.row - b.row), lines, campaign };
}

export async function previewLedger(db: Db, ctx: Ctx, buf: Buffer, campaignId?: number) {
  return db.transaction(async (tx) => {
    const p = await planImport(tx, ctx, buf, campaignId);
    return { ok: p.errors.length === 0, count: p.count, errors: p.errors };
  });
}

/** All or nothing: any bad row and nothing is written. */
export async function importLedger(db: Db, ctx: Ctx, buf: Buffer, campaignId?: number) {
  let campaign: { id: number; code: string } | undefined;
  const writeLine = async (tx: Executor, line: ImportLine) => {
    const c = campaign!;
    const v = line.value;
    const number = v.number ? { seq: line.seq ?? (await nextSeq(tx, c.id)), number: v.number } : undefined;
    if (number && line.seq !== undefined) await bumpCounter(tx, c.id, line.seq);
    const { id } = await createProblemIn(
      tx,
      ctx,
      {
        campaignId: c.id,
        orgId: line.orgId,
        title: v.title,
        manifestation: v.manifestation,
        category: v.category,
        source: v.source,
        leaderName: v.leaderName,
        personName: v.personName,
        causeSubjective: v.causeSubjective,
        causeSystemic: v.causeSystemic,
        target: v.target,
        deadline: v.deadline,
        isPublic: v.isPublic,
      },
      {
        number,
        status: v.status,
        resultText: v.resultText,
        signOff: v.signOff
          ? {
              at: new Date(`${v.signOff.date}T12:00:00+08:00`),
              name: v.signOff.name,
              opinion: v.signOff.opinion,
            }
          : undefined,
        event: 'import',
      },
    );
    await insertMeasures(tx, id, v.measures);
    for (const [i, m] of v.measures.entries())
      if (m.done || m.progress)
        await tx
          .update(problemMeasures)
          .set({ done: m.done, progress: m.progress, doneAt: m.done ? new Date() : null })
          .where(and(eq(problemMeasures.problemId, id), eq(problemMeasures.seq, i + 1)));
    for (const title of v.rules) {
      const [rule] = await tx
        .select({ id: rules.id })
        .from(rules)
        .where(and(eq(rules.campaignId, c.id), eq(rules.title, title)))
        .limit(1);
      const ruleId =
        rule?.id ??
        (
          await tx
            .insert(rules)
            .values({ campaignId: c.id, orgId: line.orgId, title, createdBy: ctx.actor.userId || null })
            .returning({ id: rules.id })
        )[0].id;
      await tx.insert(ruleProblems).values({ ruleId, problemId: id }).onConflictDoNothing();
    }
    return id;
  };
  return importBatchAllOrNothing(
    db,
    async (tx) => {
      const p = await planImport(tx, ctx, buf, campaignId);
      campaign = p.campaign;
      return p;
    },
    async (tx, lines) => {
      const ids: number[] = [];
      for (const line of lines) ids.push(await atRow(line.row, '整改措施', () => writeLine(tx, line)));
      // the ledger rows of the imported problems, in batches, once they are complete
      await refreshLedgerRows(tx, ids);
    },
  );
}

async function nextSeq(tx: Executor, campaignId: number) {
  const { rows } = await tx.execute(
    sql`insert into problem_ledgers (campaign_id, last_seq) values (${campaignId}, 1)
        on conflict (campaign_id) do update set last_seq = problem_ledgers.last_seq + 1 returning last_seq`,
  );
  return Number(rows[0]?.last_seq ?? 1);
}

async function bumpCounter(tx: Executor, campaignId: number, seq: number) {
  await tx.execute(
    sql`insert into problem_ledgers (campaign_id, last_seq) values (${campaignId}, ${seq})
        on conflict (campaign_id) do update set last_seq = greatest(problem_ledgers.last_seq, ${seq})`,
  );
}
