import { and, asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { now } from '../../platform/clock.js';
import { notify } from '../notifications/notifications.service.js';
import { reminderRules, reminderSends } from './reminders.table.js';

/** One subject the ladder may escalate: who does the work, and who is above them. */
export interface DueSubject {
  id: number;
  title: string;
  deadline: Date;
  link: string;
  assigneeUserIds: number[];
  superiorUserIds: number[];
}

/** A kind of record with a deadline (assignment, problem …) that the ladder serves. */
export interface ReminderSubject {
  type: string;
  /** open subjects for which `step` is due at `at` (deadline + offsetDays ≤ at) and not yet sent */
  due(tx: Executor, rule: { step: number; offsetDays: number }, at: Date): Promise<DueSubject[]>;
}

const subjects = new Map<string, ReminderSubject>();

/** Modules with deadlines (tasks, the problem ledger) register their subjects here. */
export function registerReminderSubject(subject: ReminderSubject): void {
  subjects.set(subject.type, subject);
}

/** The default ladder: 3 days before, at the deadline, 3 and 10 days overdue; superiors from step 2. */
export const DEFAULT_LADDER = [
  { step: 1, name: '提醒', offsetDays: -3, notifySuperior: false },
  { step: 2, name: '督办通知', offsetDays: 0, notifySuperior: true },
  { step: 3, name: '警示', offsetDays: 3, notifySuperior: true },
  { step: 4, name: '问责建议', offsetDays: 10, notifySuperior: true },
];

export async function ensureRules(tx: Executor, subjectType: string): Promise<void> {
  await tx
    .insert(reminderRules)
    .values(DEFAULT_LADDER.map((r) => ({ ...r, subjectType })))
    .onConflictDoNothing();
}

/** SQL: no send recorded yet for this subject and step (used by the subjects' due queries). */
export const notSent = (type: string, idColumn: unknown, step: number) =>
  sql`not exists (select 1 from reminder_sends s
    where s.subject_type = ${type} and s.subject_id = ${idColumn} and s.step = ${step})`;

const fmt = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * One pass of the ladder over every registered subject type. Each step is recorded under the unique key
 * (subject type, subject id, step) with INSERT … ON CONFLICT DO NOTHING, and the inbox/outbox rows are written
 * only when that insert happened, in the same transaction: a step is never sent twice, across restarts too.
 */
export async function runLadder(tx: Executor): Promise<{ sent: number }> {
  const at = now();
  let sent = 0;
  for (const subject of subjects.values()) {
    await ensureRules(tx, subject.type);
    const rules = await tx
      .select()
      .from(reminderRules)
      .where(and(eq(reminderRules.subjectType, subject.type), eq(reminderRules.active, true)))
      .orderBy(asc(reminderRules.step));
    for (const rule of rules) {
      for (const s of await subject.due(tx, rule, at)) {
        const recipients = [
          ...new Set([...s.assigneeUserIds, ...(rule.notifySuperior ? s.superiorUserIds : [])]),
        ];
        const inserted = await tx
          .insert(reminderSends)
          .values({ subjectType: subject.type, subjectId: s.id, step: rule.step, sentAt: at, recipients })
          .onConflictDoNothing()
          .returning({ id: reminderSends.id });
        if (inserted.length === 0) continue;
        const overdue = at > s.deadline;
        await notify(tx, recipients, {
          kind: 'reminder',
          title: `【${rule.name}】${s.title}`,
          body: `完成期限：${fmt(s.deadline)}${overdue ? '，已逾期，请立即办理并说明原因' : '，请抓紧办理'}`,
          link: s.link,
          subjectType: subject.type,
          subjectId: s.id,
        });
        sent++;
      }
    }
  }
  return { sent };
}
