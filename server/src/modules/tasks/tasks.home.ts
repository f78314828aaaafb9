import type { Db } from '../../db/client.js';
import { can } from '../../platform/access/access.js';
import { now } from '../../platform/clock.js';
import type { Ctx } from '../../platform/context.js';
import { unreadCount } from '../notifications/notifications.service.js';
import * as repo from './tasks.repo.js';
import type { TAssignmentListQuery } from './tasks.schemas.js';
import { zeroCounts } from './tasks.sql.js';

/** What waits for me, my subtree's progress, overdue and upcoming items. */
export async function home(db: Db, ctx: Ctx, campaignId?: number) {
  const at = now();
  const { unread } = await unreadCount(db, ctx);
  if (!can(ctx.actor, 'task.read')) {
    const empty = { toAcknowledge: [], toReport: [], toReview: [], overdue: [], upcoming: [] };
    return { ...empty, pendingExtensions: 0, progress: zeroCounts(), unread };
  }
  const list = (q: Partial<TAssignmentListQuery>, limit = 20) =>
    repo.firstAssignments(db, ctx.actor, { campaignId, ...q }, limit, at);
  const working = (await list({ mine: true }, 60)).filter((a) =>
    ['acknowledged', 'in_progress', 'returned'].includes(a.status),
  );
  return {
    toAcknowledge: await list({ mine: true, status: 'issued' }),
    toReport: working.slice(0, 20),
    toReview: await list({ review: true, status: 'completed' }),
    pendingExtensions: await repo.pendingExtensionCount(db, ctx.actor),
    progress: await repo.scopeCounts(db, ctx.actor, at, campaignId),
    overdue: await list({ light: 'red' }, 10),
    upcoming: await list({ light: 'blue' }, 10),
    unread,
  };
}
