import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { actingUsersByOrg } from '../notifications/notifications.service.js';
import { notSent, type ReminderSubject } from '../reminders/reminders.service.js';
import { rows } from '../tasks/tasks.sql.js';

interface DueRow {
  id: number;
  code: string;
  category: string;
  org_id: number;
  parent_id: number | null;
  dispatch_org_id: number;
  deadline: Date | string;
}

/**
 * Opinions on the same reminder ladder as tasks: one subject for signing (签收), one for answering. The unit's
 * handlers get every step; from step 2 the superior (the parent unit's handlers and the dispatcher) too.
 */
function subject(type: 'opinion_sign' | 'opinion_answer'): ReminderSubject {
  const deadline = type === 'opinion_sign' ? 'sign_deadline' : 'answer_deadline';
  const open =
    type === 'opinion_sign' ? sql`op.status = 'routed'` : sql`op.status in ('routed', 'signed', 'reopened')`;
  return {
    type,
    async due(tx: Executor, rule, at) {
      const list = await rows<DueRow>(
        tx,
        sql`select op.id, op.code, op.category, op.org_id, o.parent_id, op.dispatch_org_id,
            op.${sql.raw(deadline)} as deadline
          from opinions op join orgs o on o.id = op.org_id
          where ${open} and not op.hidden and not op.unreasonable
            and op.${sql.raw(deadline)} + make_interval(days => ${rule.offsetDays}) <= ${at.toISOString()}::timestamptz
            and ${notSent(type, sql.raw('op.id'), rule.step)}
          order by op.id limit 2000`,
      );
      const handlers = await actingUsersByOrg(
        tx,
        list.map((r) => r.org_id),
        'opinion.handle',
      );
      const parents = await actingUsersByOrg(
        tx,
        list.flatMap((r) => (r.parent_id ? [r.parent_id] : [])),
        'opinion.handle',
      );
      const dispatchers = await actingUsersByOrg(
        tx,
        list.map((r) => r.dispatch_org_id),
        'opinion.dispatch',
      );
      return list.map((r) => ({
        id: r.id,
        title: `群众${r.category}${r.code}${type === 'opinion_sign' ? '签收' : '答复'}`,
        deadline: new Date(r.deadline),
        link: `/opinions/${r.id}`,
        assigneeUserIds: handlers.get(r.org_id) ?? [],
        superiorUserIds: [
          ...(r.parent_id ? (parents.get(r.parent_id) ?? []) : []),
          ...(dispatchers.get(r.dispatch_org_id) ?? []),
        ],
      }));
    },
  };
}

export const opinionSignSubject = subject('opinion_sign');
export const opinionAnswerSubject = subject('opinion_answer');
