import type { Db } from '../../db/client.js';
import { JobRunner, type Job } from '../../platform/jobs.js';
import { deliverOutbox } from '../notifications/notifications.service.js';
import { registerSender, webhookSender } from '../notifications/notifications.senders.js';
import { fillSomeLedgerRows } from '../problems/problems.ledger-rows.js';
import { problemSubject } from '../problems/problems.reminders.js';
import { assignmentSubject } from '../tasks/tasks.reminders.js';
import { registerReminderSubject, runLadder } from './reminders.service.js';

registerReminderSubject(assignmentSubject);
registerReminderSubject(problemSubject);

export const JOBS: Job[] = [
  { name: 'reminder-ladder', intervalMs: 10 * 60_000, run: (tx) => runLadder(tx) },
  { name: 'outbox', intervalMs: 30_000, run: (tx) => deliverOutbox(tx) },
  // the export's stored rows that a change left missing (each is rendered live until then). Finding them reads
  // both keys whole (1.7 s at 1,000,000 problems), hence every 10 minutes; a mass fill is the CLI's `ledger-rows`.
  { name: 'ledger-rows', intervalMs: 10 * 60_000, run: (tx) => fillSomeLedgerRows(tx, 20_000) },
];

/** The app's jobs; a webhook sender when LUOSHI_WEBHOOK_URL is set. */
export function createJobRunner(db: Db, log: (msg: string) => void = () => {}, owner?: string): JobRunner {
  if (process.env.LUOSHI_WEBHOOK_URL) registerSender(webhookSender(process.env.LUOSHI_WEBHOOK_URL));
  return new JobRunner(db, JOBS, owner, log);
}
