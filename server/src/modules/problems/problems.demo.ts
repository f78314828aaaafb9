/**
 * The demo city's ledger: a few hundred problems across units, sources and categories, in every state and light,
 * with measures, evidence, rules, a systemic group and an open self-inspection round. Deadlines are relative to the
 * seeding day so the lights show on first start.
 */
import { and, asc, eq, gte, sql } from 'drizzle-orm';
import { createHash } from 'node:crypto';
import type { Executor } from '../../db/client.js';
import { inspectionRounds } from '../inspections/inspections.table.js';
import { users } from '../../platform/auth/auth.table.js';
import { orgs } from '../orgs/orgs.table.js';
import { LEADERS, PERSONS, TEMPLATES } from './problems.demo-data.js';
import type { ProblemState } from './problems.machine.js';
import { SOURCE_CODES } from './problems.schemas.js';
import {
  problemEvents,
  problemFiles,
  problemGroups,
  problemLedgers,
  problemMeasures,
  problems,
  ruleProblems,
  rules,
} from './problems.table.js';

const COUNT = 320;
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

interface Plan {
  status: ProblemState;
  deadline: number;
  measureLate: boolean;
  stale: boolean;
}

/** Cycles through every state and, for open work, every light. */
function planFor(i: number): Plan {
  const base = { measureLate: false, stale: false };
  if (i % 29 === 0) return { ...base, status: 'draft', deadline: 45 };
  if (i % 31 === 0) return { ...base, status: 'cancelled', deadline: 20 };
  const k = i % 10;
  if (k < 3) return { ...base, status: 'signed_off', deadline: -20 + k * 30 };
  if (k === 3) return { ...base, status: 'submitted', deadline: 12 };
  if (k === 4) return { ...base, status: 'in_progress', deadline: -8 }; // red
  if (k === 5) return { ...base, status: 'open', deadline: 4 }; // blue
  if (k === 6) return { ...base, status: 'in_progress', deadline: 50, measureLate: true }; // yellow
  if (k === 7) return { ...base, status: 'in_progress', deadline: 60, stale: true }; // yellow
  return { ...base, status: k === 8 ? 'open' : 'in_progress', deadline: 40 + k }; // green
}

export async function seedProblemsDemo(
  tx: Executor,
  opts: { campaignId: number; campaignCode: string; branchName: string; memberUsername: string },
) {
  const units = await tx
    .select({ id: orgs.id, name: orgs.name, path: orgs.path, depth: orgs.depth })
    .from(orgs)
    .where(gte(orgs.depth, 1))
    .orderBy(asc(orgs.id));
  const [root] = await tx.select({ id: orgs.id }).from(orgs).where(eq(orgs.depth, 0)).limit(1);
  const branch = units.find((u) => u.name === opts.branchName);
  const [member] = await tx
    .select({ id: users.id })
    .from(users)
    .where(eq(users.username, opts.memberUsername));
  const plans = Array.from({ length: COUNT }, (_, i) => planFor(i));
  const now = Date.now();
  const rows = plans.map((p, i) => {
    const t = TEMPLATES[i % TEMPLATES.length];
    // every 12th problem sits in the demo branch, so its accounts see a working ledger
    const org = i % 12 === 0 && branch ? branch : units[(i * 37) % units.length];
    const seq = i + 1;
    const signed = p.status === 'signed_off';
    return {
      campaignId: opts.campaignId,
      seq,
      number: `${opts.campaignCode}-${String(seq).padStart(6, '0')}`,
      title: t.title,
      manifestation: `${org.name}${t.manifestation}`,
      category: t.category,
      source: SOURCE_CODES[(i * 3) % SOURCE_CODES.length],
      orgId: org.id,
      issuingOrgId: i % 5 === 0 ? root.id : org.id,
      leaderName: LEADERS[i % LEADERS.length],
      personName: PERSONS[(i * 7) % PERSONS.length],
      ownerUserId: org === branch ? (member?.id ?? null) : null,
      causeSubjective: t.subjective,
      causeSystemic: t.systemic,
      target: t.target,
      deadline: day(p.deadline),
      status: p.status,
      resultText: signed || p.status === 'submitted' ? '各项整改措施已落实到位，相关制度已印发执行' : '',
      lastProgressAt: new Date(now - (p.stale ? 40 : 2) * 86_400_000),
      isPublic: signed && i % 2 === 0,
      publicFields: signed && i % 2 === 0 ? ['title', 'measures', 'status'] : [],
      signedOffAt: signed ? new Date(now + (p.deadline - 3) * 86_400_000) : null,
      signedOffByName: signed ? '清河市委主题教育办公室' : null,
      signOffOpinion: signed ? '整改到位，同意销号' : null,
    };
  });
  const ids: { id: number; i: number }[] = [];
  for (let s = 0; s < rows.length; s += 200) {
    const part = await tx
      .insert(problems)
      .values(rows.slice(s, s + 200))
      .returning({ id: problems.id, seq: problems.seq });
    ids.push(...part.map((r) => ({ id: r.id, i: r.seq - 1 })));
  }
  await tx
    .insert(problemLedgers)
    .values({ campaignId: opts.campaignId, lastSeq: COUNT })
    .onConflictDoUpdate({ target: problemLedgers.campaignId, set: { lastSeq: COUNT } });

  const measures: (typeof problemMeasures.$inferInsert)[] = [];
  const events: (typeof problemEvents.$inferInsert)[] = [];
  const files: (typeof problemFiles.$inferInsert)[] = [];
  const lasting: { id: number; orgId: number }[] = [];
  for (const { id, i } of ids) {
    const p = plans[i];
    const t = TEMPLATES[i % TEMPLATES.length];
    const finished = p.status === 'submitted' || p.status === 'signed_off';
    t.measures.forEach(([text, type], k) => {
      const late = p.measureLate && k === 0;
      measures.push({
        problemId: id,
        seq: k + 1,
        text,
        type,
        deadline: late ? day(-5) : type === 'fix_now' ? day(Math.min(p.deadline, 10)) : null,
        ownerName: PERSONS[(i + k) % PERSONS.length],
        progress: finished || (p.status === 'in_progress' && k === 0 && !late) ? '已按计划完成' : '',
        done: finished || (p.status === 'in_progress' && k === 0 && !late),
      });
      if (type === 'lasting' && p.status === 'signed_off' && k === 1)
        lasting.push({ id, orgId: rows[i].orgId });
    });
    events.push({ problemId: id, actorName: '系统导入', action: 'create', toStatus: 'draft' });
    if (p.status !== 'draft')
      events.push({
        problemId: id,
        actorName: '系统导入',
        action: 'open',
        fromStatus: 'draft',
        toStatus: 'open',
      });
    if (finished) {
      const text = `${rows[i].number} 整改情况报告\n${t.target}\n${rows[i].resultText}\n`;
      const data = Buffer.from(text, 'utf8');
      files.push({
        problemId: id,
        fileName: '整改情况报告.txt',
        contentType: 'text/plain; charset=utf-8',
        size: data.length,
        sha256: createHash('sha256').update(data).digest('hex'),
        data,
        uploadedByName: rows[i].personName,
      });
    }
  }
  for (let s = 0; s < measures.length; s += 500)
    await tx.insert(problemMeasures).values(measures.slice(s, s + 500));
  for (let s = 0; s < events.length; s += 500)
    await tx.insert(problemEvents).values(events.slice(s, s + 500));
  for (let s = 0; s < files.length; s += 100) await tx.insert(problemFiles).values(files.slice(s, s + 100));

  // 建章立制: one rule per unit that signed off a long-term problem, linked to it.
  const ruleByOrg = new Map<number, number>();
  for (const l of lasting) {
    let ruleId = ruleByOrg.get(l.orgId);
    if (!ruleId) {
      const unit = units.find((u) => u.id === l.orgId)!;
      const [r] = await tx
        .insert(rules)
        .values({
          campaignId: opts.campaignId,
          orgId: l.orgId,
          title: `${unit.name}关于建立健全整改长效机制的实施办法`,
          issuedOn: day(-15),
          docNumber: `清河发〔2023〕${ruleByOrg.size + 11}号`,
          body: '为巩固主题教育检视整改成果，推动问题整改常态化、长效化，制定本办法。',
        })
        .returning({ id: rules.id });
      ruleId = r.id;
      ruleByOrg.set(l.orgId, ruleId);
    }
    await tx.insert(ruleProblems).values({ ruleId, problemId: l.id }).onConflictDoNothing();
  }

  // 问题归类: the city groups the 理论学习 problems found across units and issues one measure to all.
  const [group] = await tx
    .insert(problemGroups)
    .values({
      campaignId: opts.campaignId,
      orgId: root.id,
      title: '部分单位理论学习流于形式',
      description: '多个单位检视出理论学习不够系统深入的问题，由市委主题教育办统一归类、统一督促整改。',
    })
    .returning({ id: problemGroups.id });
  const grouped = ids.filter(
    ({ i }) => TEMPLATES[i % TEMPLATES.length].category === '理论学习' && i % 29 !== 0,
  );
  await tx
    .update(problems)
    .set({ groupId: group.id })
    .where(
      and(
        eq(problems.campaignId, opts.campaignId),
        sql`${problems.id} = any(${`{${grouped.map((g) => g.id).join(',')}}`}::int[])`,
      ),
    );
  await tx.insert(problemMeasures).values(
    grouped.map(({ id }) => ({
      problemId: id,
      seq: 3,
      text: '（统一措施）将理论学习纳入党组织书记抓党建述职评议内容',
      type: 'lasting',
      groupId: group.id,
      done: plans[grouped.find((g) => g.id === id)!.i].status === 'signed_off',
    })),
  );

  if (branch)
    await tx.insert(inspectionRounds).values({
      campaignId: opts.campaignId,
      orgId: branch.id,
      kind: 'individual',
      title: '主题教育个人检视（十查十看）',
    });
  return { problems: ids.length, rules: ruleByOrg.size, grouped: grouped.length };
}
