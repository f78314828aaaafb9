import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { actingUsersByOrg } from '../notifications/notifications.service.js';
import { notSent, type ReminderSubject } from '../reminders/reminders.service.js';
import { rows } from '../tasks/tasks.sql.js';

/** The ancestors of an org path (labels are org ids), nearest first; the org itself excluded. */
const ancestorsNearestFirst = (path: string) => path.split('.').map(Number).slice(0, -1).reverse();

/**
 * Ledger problems on the reminder ladder. Only problems still to be fixed (待整改, 整改中) are on it; the deadline
 * is the problem's current 整改时限, which a granted extension has already moved (an extension only requested is
 * not counted), read as the end of that day in Asia/Shanghai. The responsible unit's writers and the problem's
 * owner are addressed; from step 2 also the nearest unit above it that can sign problems off.
 */
export const problemSubject: ReminderSubject = {
  type: 'problem',
  async due(tx: Executor, rule, at) {
    const list = await rows<{
      id: number;
      number: string;
      title: string;
      org_name: string;
      deadline_at: Date | string;
      org_id: number;
      path: string;
      owner_user_id: number | null;
    }>(
      tx,
      sql`select p.id, p.number, p.title, o.name as org_name, p.org_id, o.path::text as path, p.owner_user_id,
          (p.deadline::text || 'T23:59:59+08:00')::timestamptz as deadline_at
        from problems p join orgs o on o.id = p.org_id
        where p.status in ('open', 'in_progress')
          and (p.deadline::text || 'T23:59:59+08:00')::timestamptz + make_interval(days => ${rule.offsetDays})
            <= ${at.toISOString()}::timestamptz
          and ${notSent('problem', sql.raw('p.id'), rule.step)}
        order by p.id limit 2000`,
    );
    if (list.length === 0) return [];
    const writers = await actingUsersByOrg(
      tx,
      list.map((r) => r.org_id),
      'problem.write',
    );
    const ancestors = [...new Set(list.flatMap((r) => ancestorsNearestFirst(r.path)))];
    const signers = await actingUsersByOrg(tx, ancestors, 'problem.signoff');
    const superiorOf = (path: string) =>
      ancestorsNearestFirst(path)
        .map((id) => signers.get(id) ?? [])
        .find((ids) => ids.length > 0) ?? [];
    return list.map((r) => ({
      id: r.id,
      title: `${r.org_name}：${r.number} ${r.title}`,
      deadline: new Date(r.deadline_at),
      link: `/problems/${r.id}`,
      assigneeUserIds: [...(writers.get(r.org_id) ?? []), ...(r.owner_user_id ? [r.owner_user_id] : [])],
      superiorUserIds: superiorOf(r.path),
    }));
  },
};
