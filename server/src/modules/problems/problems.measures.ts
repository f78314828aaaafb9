import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { recordAudit } from '../../platform/audit/audit.js';
import type { Ctx } from '../../platform/context.js';
import { notFound, versionConflict } from '../../platform/errors.js';
import { addEvent } from './problems.repo.js';
import type { TMeasureInput, TMeasureUpdate } from './problems.schemas.js';
import { getProblem, insertMeasures, prepareEdit } from './problems.service.js';
import { problemMeasures, problems } from './problems.table.js';
import { refreshLedgerRows } from './problems.ledger-rows.js';

export async function addMeasure(db: Db, ctx: Ctx, problemId: number, input: TMeasureInput) {
  await db.transaction(async (tx) => {
    const p = await prepareEdit(tx, ctx, problemId);
    await insertMeasures(tx, problemId, [input]);
    await tx
      .update(problems)
      .set({ lastProgressAt: new Date(), updatedAt: new Date() })
      .where(eq(problems.id, problemId));
    await addEvent(tx, {
      problemId,
      actorId: ctx.actor.userId,
      actorName: ctx.actor.displayName,
      action: 'measure_add',
      comment: input.text,
    });
    await recordAudit(tx, ctx, {
      action: 'problem.measure.create',
      entityType: 'problem',
      entityId: problemId,
      orgId: p.orgId,
      after: input,
    });
    await refreshLedgerRows(tx, [problemId]);
  });
  return getProblem(db, ctx, problemId);
}

/** Edits a measure: its text and plan, or its progress and done flag. Returns the whole problem. */
export async function updateMeasure(db: Db, ctx: Ctx, measureId: number, input: TMeasureUpdate) {
  const problemId = await db.transaction(async (tx) => {
    const [m] = await tx.select().from(problemMeasures).where(eq(problemMeasures.id, measureId));
    if (!m) throw notFound();
    const p = await prepareEdit(tx, ctx, m.problemId);
    const [locked] = await tx
      .select()
      .from(problemMeasures)
      .where(eq(problemMeasures.id, measureId))
      .for('update');
    if (locked.version !== input.version) throw versionConflict();
    const { version: _v, ...changes } = input;
    const now = new Date();
    await tx
      .update(problemMeasures)
      .set({
        ...changes,
        ...(changes.done === true && !locked.done ? { doneAt: now } : {}),
        ...(changes.done === false ? { doneAt: null } : {}),
        version: sql`${problemMeasures.version} + 1`,
        updatedAt: now,
      })
      .where(eq(problemMeasures.id, measureId));
    await tx
      .update(problems)
      .set({ lastProgressAt: now, updatedAt: now })
      .where(eq(problems.id, m.problemId));
    const what =
      changes.done === true
        ? '措施完成'
        : changes.progress !== undefined
          ? `进展：${changes.progress}`
          : '修改措施';
    await addEvent(tx, {
      problemId: m.problemId,
      actorId: ctx.actor.userId,
      actorName: ctx.actor.displayName,
      action: 'measure_update',
      comment: `第${m.seq}项 ${what}`,
    });
    await recordAudit(tx, ctx, {
      action: 'problem.measure.update',
      entityType: 'problem_measure',
      entityId: measureId,
      orgId: p.orgId,
      before: Object.fromEntries(Object.keys(changes).map((k) => [k, locked[k as keyof typeof locked]])),
      after: changes,
    });
    await refreshLedgerRows(tx, [m.problemId]);
    return m.problemId;
  });
  return getProblem(db, ctx, problemId);
}
