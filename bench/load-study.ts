import { campaignItems } from '../server/src/modules/campaigns/campaigns.table.js';
import type { Executor } from '../server/src/db/client.js';
import type { OrgNode, Row, Scale } from './gen.js';
import * as s from './gen-study.js';

type Writer = (table: string, columns: string[], rows: Iterable<Row>) => Promise<number>;
type Step = (name: string, fn: () => Promise<number>) => Promise<void>;

/** The campaign's 15 key research directions (data, as the city names them). */
async function directions(ex: Executor, campaignId: number) {
  const rows = await ex
    .insert(campaignItems)
    .values(
      Array.from({ length: 15 }, (_, i) => ({
        campaignId,
        kind: 'direction',
        seq: i + 1,
        title: `重点调研方向${i + 1}`,
      })),
    )
    .returning({ id: campaignItems.id });
  return rows.map((r) => r.id);
}

/** Study sessions with their attendance, and research topics with their findings. Returns the tables loaded. */
export async function loadStudyResearch(
  ex: Executor,
  write: Writer,
  step: Step,
  o: { scale: Scale; seed: number; anchor: number; tree: OrgNode[]; people: number; campaignId: number },
): Promise<string[]> {
  const counts = s.STUDY_COUNTS[o.scale];
  const members = s.peopleByOrg(o.people, o.tree.length);
  const study = () => s.studyRows(counts.attendance, o.tree, members, o.campaignId, o.anchor, o.seed);
  // Attendance comes from a second pass over the same seed rather than being held in memory.
  await step('study_sessions', () =>
    write('study_sessions', s.STUDY_SESSION_COLUMNS, (function* () {
      for (const x of study()) yield x.session;
    })()),
  ); // prettier-ignore
  await step('study_attendance', () =>
    write('study_attendance', s.STUDY_ATTENDANCE_COLUMNS, (function* () {
      for (const x of study()) yield* x.attendance;
    })()),
  ); // prettier-ignore
  const dirs = await directions(ex, o.campaignId);
  const research = () => s.researchRows(counts.topics, o.tree, members, o.campaignId, dirs, o.anchor, o.seed);
  await step('research_topics', () =>
    write('research_topics', s.RESEARCH_TOPIC_COLUMNS, (function* () {
      for (const x of research()) yield x.topic;
    })()),
  ); // prettier-ignore
  await step('research_findings', () =>
    write('research_findings', s.RESEARCH_FINDING_COLUMNS, (function* () {
      for (const x of research()) yield* x.findings;
    })()),
  ); // prettier-ignore
  return ['study_sessions', 'research_topics', 'research_findings'];
}
