import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { actingUsersByOrg } from '../notifications/notifications.service.js';
import { notSent, type ReminderSubject } from '../reminders/reminders.service.js';
import { rows } from './tasks.sql.js';

/** Open assignments on the ladder: the unit's handlers, and from step 2 the issuing unit above them. */
export const assignmentSubject: ReminderSubject = {
  type: 'assignment',
  async due(tx: Executor, rule, at) {
    const list = await rows<{
      id: number;
      title: string;
      org_name: string;
      deadline: Date | string;
      org_id: number;
      issuer_org_id: number;
    }>(
      tx,
      sql`select a.id, t.title, o.name as org_name, a.deadline, a.org_id, a.issuer_org_id
        from assignments a join tasks t on t.id = a.task_id join orgs o on o.id = a.org_id
        where a.status in ('issued', 'acknowledged', 'in_progress', 'returned')
          and a.deadline + make_interval(days => ${rule.offsetDays}) <= ${at.toISOString()}::timestamptz
          and ${notSent('assignment', sql.raw('a.id'), rule.step)}
        order by a.id limit 2000`,
    );
    const handlers = await actingUsersByOrg(
      tx,
      list.map((r) => r.org_id),
      'task.handle',
    );
    const issuers = await actingUsersByOrg(
      tx,
      list.map((r) => r.issuer_org_id),
      'task.issue',
    );
    return list.map((r) => ({
      id: r.id,
      title: `${r.org_name}：${r.title}`,
      deadline: new Date(r.deadline),
      link: `/assignments/${r.id}`,
      assigneeUserIds: handlers.get(r.org_id) ?? [],
      superiorUserIds: issuers.get(r.issuer_org_id) ?? [],
    }));
  },
};
