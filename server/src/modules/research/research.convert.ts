import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { now } from '../../platform/clock.js';
import type { Ctx } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { createRuleIn } from '../problems/problems.rules.js';
import { createProblemIn } from '../problems/problems.service.js';
import { nextState } from './research.machine.js';
import type { TFindingConvert } from './research.schemas.js';
import { getTopic, prepareTopic, stateError } from './research.service.js';
import { researchFindings, researchTopics } from './research.table.js';

/**
 * 成果转化: a finding of a reported topic becomes a ledger problem (source 调研发现, linked back to the topic), a
 * rule (建章立制), or a measure taken. The first conversion moves the topic to `converted`.
 */
export async function convertFinding(db: Db, ctx: Ctx, findingId: number, b: TFindingConvert) {
  const topicId = await db.transaction(async (tx) => {
    const [f] = await tx.select().from(researchFindings).where(eq(researchFindings.id, findingId));
    if (!f) throw notFound();
    const t = await prepareTopic(tx, ctx, f.topicId);
    const to = nextState(t.status, 'convert');
    if (!to) throw stateError(t.status, '转化成果');
    if (f.conversion) throw stateError('converted', '重复转化');
    const base = { campaignId: Number(t.campaign_id), orgId: Number(t.org_id) };
    let problemId: number | null = null;
    let ruleId: number | null = null;
    if (b.kind === 'problem') {
      const p = await createProblemIn(
        tx,
        ctx,
        {
          ...base,
          title: b.title || f.text.slice(0, 200),
          manifestation: f.text,
          category: b.category,
          source: 'research',
          deadline: b.deadline,
        },
        { links: [{ kind: 'research_topic', id: f.topicId }] },
      );
      problemId = p.id;
    } else if (b.kind === 'rule') {
      ruleId = await createRuleIn(tx, ctx, { ...base, title: b.title, body: b.body ?? f.text });
    }
    const at = now();
    await tx
      .update(researchFindings)
      .set({
        conversion: b.kind,
        problemId,
        ruleId,
        measure: b.kind === 'measure' ? b.measure : '',
        convertedAt: at,
        updatedAt: at,
        version: f.version + 1,
      })
      .where(eq(researchFindings.id, findingId));
    await tx
      .update(researchTopics)
      .set({
        status: to,
        convertedAt: t.converted_at ? undefined : at,
        updatedAt: at,
        version: Number(t.version) + 1,
      })
      .where(eq(researchTopics.id, f.topicId));
    await recordAudit(tx, ctx, {
      action: 'research.convert',
      entityType: 'research_topic',
      entityId: f.topicId,
      orgId: Number(t.org_id),
      after: { findingId, ...b, problemId, ruleId },
    });
    return f.topicId;
  });
  return getTopic(db, ctx, topicId);
}
