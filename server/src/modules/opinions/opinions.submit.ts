import { and, eq, gt, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { PublicSideConfig } from '../../config.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { now } from '../../platform/clock.js';
import { systemCtx } from '../../platform/context.js';
import { AppError, invalid, notFound } from '../../platform/errors.js';
import { maskText } from '../../platform/masking.js';
import type { PowChallenges } from '../../platform/pow.js';
import type { SharedRateLimiter } from '../../platform/rate-limit.js';
import { orgs } from '../orgs/orgs.table.js';
import {
  isSatisfied,
  nextOpinionState,
  OPINION_STATE_LABELS,
  ratingAction,
  type OpinionState,
  type Rating,
} from './opinions.machine.js';
import {
  addEvent,
  dispatchRoot,
  eventsOf,
  iso,
  notifyOrg,
  notifySuperior,
  orgById,
} from './opinions.repo.js';
import { addWorkingDays, normalizeCode, sha256, textKey, trackingCode } from './opinions.rules.js';
import type { TOpinionSubmit } from './opinions.schemas.js';
import { checkPicture, storePicture } from './opinions.pictures.js';
import { opinions } from './opinions.table.js';

export interface PublicGuards {
  pow: PowChallenges;
  perIp: SharedRateLimiter;
  perPhone: SharedRateLimiter;
  cfg: PublicSideConfig;
}

const limited = (cfg: PublicSideConfig) =>
  new AppError('PUBLIC_RATE_LIMITED', 429, { minutes: Math.ceil(cfg.windowMs / 60_000) });

function decodePictures(pictures: TOpinionSubmit['pictures']) {
  return (pictures ?? []).map((p, i) =>
    checkPicture(Buffer.from(p.data.replace(/^data:[^,]*,/, ''), 'base64'), `pictures.${i}.data`),
  );
}

/**
 * A citizen's submission. Checks the proof of work, then, under a lock on the text, merges a repeat of the same
 * text from the same address or phone within the merge window into the first one (same code back); only a new
 * submission counts against the per-address and per-phone limits.
 */
export async function submitOpinion(db: Db, g: PublicGuards, input: TOpinionSubmit, ip: string) {
  if (!(await g.pow.verify(db, input.challenge.salt, input.challenge.nonce)))
    throw new AppError('POW_INVALID', 400, {}, [{ field: 'challenge', message: '安全校验未通过或已过期' }]);
  const pictures = decodePictures(input.pictures);
  const phone = input.phone ? input.phone : null;
  const name = input.name ? input.name : null;
  const ipHash = sha256(`ip:${ip}`);
  const tHash = textKey(input.text);
  return db.transaction(async (tx) => {
    const at = now();
    await tx.execute(sql`select pg_advisory_xact_lock(715100, hashtext(${tHash}))`);
    const since = new Date(at.getTime() - g.cfg.mergeWindowMs);
    const [dup] = await tx
      .select({ id: opinions.id, code: opinions.code })
      .from(opinions)
      .where(
        and(
          eq(opinions.textHash, tHash),
          gt(opinions.submittedAt, since),
          phone
            ? or(eq(opinions.ipHash, ipHash), eq(opinions.submitterPhone, phone))
            : eq(opinions.ipHash, ipHash),
        ),
      )
      .limit(1);
    if (dup) {
      await tx
        .update(opinions)
        .set({ mergedCount: sql`${opinions.mergedCount} + 1` })
        .where(eq(opinions.id, dup.id));
      return { code: dup.code, merged: true };
    }
    if (!(await g.perIp.take(tx, ipHash))) throw limited(g.cfg);
    if (phone && !(await g.perPhone.take(tx, sha256(`phone:${phone}`)))) throw limited(g.cfg);
    const root = await dispatchRoot(tx);
    if (!root) throw notFound();
    let orgId: number | null = null;
    if (input.orgId) {
      const org = await orgById(tx, input.orgId);
      if (!org || !org.active)
        throw invalid([{ field: 'orgId', message: '所选单位不存在，请重新选择或选“不清楚”' }]);
      orgId = org.id;
    }
    const status: OpinionState = orgId ? 'routed' : 'submitted';
    const code = trackingCode();
    const [row] = await tx
      .insert(opinions)
      .values({
        code,
        category: input.category,
        orgId,
        dispatchOrgId: root.id,
        status,
        text: input.text,
        submitterName: name,
        submitterPhone: phone,
        agreePublic: input.agreePublic ?? false,
        ipHash,
        textHash: tHash,
        submittedAt: at,
        signDeadline: addWorkingDays(at, g.cfg.signDays),
        answerDeadline: addWorkingDays(at, g.cfg.answerDays),
      })
      .returning({ id: opinions.id });
    for (const p of pictures) await storePicture(tx, row.id, p);
    await addEvent(tx, { opinionId: row.id, actorName: '群众', action: 'submit', to: status, orgId });
    await recordAudit(
      tx,
      { ...systemCtx('public'), ip },
      {
        action: 'opinion.submit',
        entityType: 'opinion',
        entityId: row.id,
        orgId: orgId ?? root.id,
        after: { category: input.category, orgId, status, pictures: pictures.length },
      },
    );
    const notice = {
      kind: 'opinion',
      title: orgId ? `【群众意见】新的${input.category}待签收` : `【群众意见】新的${input.category}待派单`,
      body: maskText(input.text, [name]).slice(0, 100),
      link: `/opinions/${row.id}`,
      subjectType: 'opinion',
      subjectId: row.id,
    };
    if (orgId) await notifyOrg(tx, orgId, 'opinion.handle', notice);
    else await notifyOrg(tx, root.id, 'opinion.dispatch', notice);
    return { code, merged: false };
  });
}

async function byCode(db: Db, rawCode: string) {
  const code = normalizeCode(rawCode);
  const [row] = await db
    .select({ o: opinions, unitName: orgs.name })
    .from(opinions)
    .leftJoin(orgs, eq(orgs.id, opinions.orgId))
    .where(eq(opinions.code, code));
  if (!row) throw notFound();
  return row;
}

const STEP_LABELS: Record<string, string> = {
  submit: '已提交',
  dispatch: '已派单至承办单位',
  sign: '承办单位已签收',
  return: '承办单位申请退回，重新派单中',
  answer: '承办单位已答复',
  reopen: '您评价不满意，已重新交办',
  rate: '您已评价，事项办结',
  close: '已办结',
};

/** What the holder of the code sees: the status, the answer, the steps; never a name or phone number. */
export async function trackOpinion(db: Db, rawCode: string) {
  const { o, unitName } = await byCode(db, rawCode);
  const names = [o.submitterName];
  const events = await eventsOf(db, o.id);
  return {
    code: o.code,
    category: o.category,
    unitName: unitName ?? null,
    status: o.status as OpinionState,
    statusLabel: OPINION_STATE_LABELS[o.status as OpinionState],
    text: o.hidden ? '（内容已隐藏）' : maskText(o.text, names),
    submittedAt: o.submittedAt.toISOString(),
    signDeadline: o.signDeadline.toISOString(),
    answerDeadline: o.answerDeadline.toISOString(),
    answer: o.answer ? maskText(o.answer, names) : null,
    answeredAt: iso(o.answeredAt),
    rating: o.rating,
    canRate: o.status === 'answered',
    reopened: o.reopenCount > 0,
    steps: events
      .filter((e) => STEP_LABELS[e.action])
      .map((e) => ({ at: e.at.toISOString(), label: STEP_LABELS[e.action] })),
  };
}

/** The submitter rates the answer; unsatisfied reopens it once and tells the superior. */
export async function rateOpinion(
  db: Db,
  g: PublicGuards,
  rawCode: string,
  input: { rating: Rating; comment?: string },
  ip: string,
) {
  if (!(await g.perIp.take(db, sha256(`rate:${ip}`)))) throw limited(g.cfg);
  const { o } = await byCode(db, rawCode);
  await db.transaction(async (tx) => {
    const [cur] = await tx.select().from(opinions).where(eq(opinions.id, o.id)).for('update');
    const action = ratingAction(input.rating, cur);
    const to = nextOpinionState(cur.status as OpinionState, action, cur);
    if (!to)
      throw new AppError('OPINION_TRANSITION', 409, {
        state: OPINION_STATE_LABELS[cur.status as OpinionState],
      });
    const at = now();
    await tx
      .update(opinions)
      .set({
        status: to,
        rating: input.rating,
        ratingComment: input.comment ?? null,
        ratedAt: at,
        ...(action === 'reopen'
          ? { reopenCount: cur.reopenCount + 1, answerDeadline: addWorkingDays(at, g.cfg.answerDays) }
          : { closedAt: at }),
        updatedAt: at,
        version: cur.version + 1,
      })
      .where(eq(opinions.id, cur.id));
    await addEvent(tx, {
      opinionId: cur.id,
      actorName: '群众',
      action,
      from: cur.status,
      to,
      orgId: cur.orgId,
      comment: `${input.rating}${input.comment ? `：${input.comment}` : ''}`,
    });
    await recordAudit(
      tx,
      { ...systemCtx('public'), ip },
      {
        action: `opinion.${action}`,
        entityType: 'opinion',
        entityId: cur.id,
        orgId: cur.orgId ?? cur.dispatchOrgId,
        after: { rating: input.rating, status: to },
      },
    );
    if (action === 'reopen' && cur.orgId) {
      const notice = {
        kind: 'opinion',
        title: `【群众不满意】意见${cur.code}已重新交办`,
        body: `评价：${input.rating}${input.comment ? `，${maskText(input.comment)}` : ''}`,
        link: `/opinions/${cur.id}`,
        subjectType: 'opinion',
        subjectId: cur.id,
      };
      await notifyOrg(tx, cur.orgId, 'opinion.handle', notice);
      await notifySuperior(tx, cur.orgId, cur.dispatchOrgId, notice);
    }
  });
  return { ok: true, satisfied: isSatisfied(input.rating) };
}
