import { isoDate, isoTime, rng, type OrgNode, type Row } from './gen.js';

const DAY = 86_400_000;
/** Attendance rows and research topics per scale: province as issue 6 asks, city 1/50, small 1/1000. */
export const STUDY_COUNTS = {
  small: { attendance: 5_000, topics: 50 },
  city: { attendance: 100_000, topics: 1_000 },
  province: { attendance: 5_000_000, topics: 50_000 },
} as const;

/**
 * The people of each org, by the rule of gen.ts's peopleRows (person id → org 1 + (id × 7919 mod orgs)):
 * `ids.subarray(start[o - 1], start[o])` are org o's people, ascending. Typed arrays keep province scale
 * (3 million people) at about 12 MB.
 */
export function peopleByOrg(people: number, orgCount: number) {
  const org = (id: number) => (id * 7919) % orgCount; // org index, 0-based
  const start = new Int32Array(orgCount + 1);
  for (let id = 1; id <= people; id++) start[org(id) + 1]++;
  for (let o = 0; o < orgCount; o++) start[o + 1] += start[o];
  const ids = new Int32Array(people);
  const fill = start.slice(0, orgCount);
  for (let id = 1; id <= people; id++) ids[fill[org(id)]++] = id;
  return (orgId: number) => ids.subarray(start[orgId - 1], start[orgId]);
}

const KINDS = [
  ['branch', 50],
  ['central', 25],
  ['seminar', 20],
  ['lecture', 5],
] as const;
const KIND_TITLE = {
  branch: '支部学习',
  central: '集中学习',
  seminar: '专题研讨',
  lecture: '专题党课',
} as const;
const ATTENDANCE = [
  ['present', 88],
  ['leave', 8],
  ['absent', 4],
] as const;
const LEAVE_REASONS = ['出差', '病假', '值班', '外出培训'];

export const STUDY_SESSION_COLUMNS = [
  'id', 'org_id', 'campaign_id', 'title', 'kind', 'held_on', 'place', 'summary', 'organizer',
]; // prettier-ignore
export const STUDY_ATTENDANCE_COLUMNS = ['session_id', 'person_id', 'status', 'reason'];

/**
 * 理论学习: sessions held by spread-out orgs over the last 120 days, each listing every member of its org, until
 * `attendance` rows are reached (orgs without people hold none). No duration: study time is not measured.
 */
export function* studyRows(
  attendance: number,
  tree: OrgNode[],
  members: (orgId: number) => Int32Array,
  campaignId: number,
  anchor: number,
  seed: number,
): Generator<{ session: Row; attendance: Row[] }> {
  const r = rng(seed ^ 0x57d1);
  let written = 0;
  let id = 0;
  for (let k = 1; written < attendance; k++) {
    const org = tree[(k * 49_999) % tree.length];
    const list = members(org.id);
    if (list.length === 0) continue;
    const kind = r.weighted(KINDS);
    const sessionId = ++id;
    const rows: Row[] = [];
    for (const personId of list.subarray(0, attendance - written)) {
      const status = r.weighted(ATTENDANCE);
      rows.push([sessionId, personId, status, status === 'leave' ? r.pick(LEAVE_REASONS) : '']);
    }
    written += rows.length;
    yield {
      session: [
        sessionId,
        org.id,
        campaignId,
        `${KIND_TITLE[kind]}：第${k % 12 || 12}专题`,
        kind,
        isoDate(anchor - r.int(0, 120) * DAY),
        '党员活动室',
        '原原本本学习原文，结合实际交流研讨',
        '支部书记',
      ],
      attendance: rows,
    };
  }
}

const TOPIC_STATUS = [
  ['planned', 15],
  ['in_progress', 35],
  ['reported', 25],
  ['converted', 25],
] as const;

export const RESEARCH_TOPIC_COLUMNS = [
  'id', 'org_id', 'campaign_id', 'direction_id', 'title', 'lead_person_id', 'plan', 'status', 'report',
  'reported_at', 'converted_at',
]; // prettier-ignore
export const RESEARCH_FINDING_COLUMNS = [
  'id', 'topic_id', 'seq', 'text', 'conversion', 'measure', 'converted_at',
]; // prettier-ignore

/**
 * 调查研究: topics under the campaign's key directions, led by a person of the topic's org where it has one.
 * Running, reported and converted topics carry 1–3 findings; a converted topic has at least its first finding
 * converted into a measure (conversions into problems and rules go through the app and are not generated).
 */
export function* researchRows(
  n: number,
  tree: OrgNode[],
  members: (orgId: number) => Int32Array,
  campaignId: number,
  directions: number[],
  anchor: number,
  seed: number,
): Generator<{ topic: Row; findings: Row[] }> {
  const r = rng(seed ^ 0x4e5e);
  let findingId = 0;
  for (let id = 1; id <= n; id++) {
    const org = tree[(id * 27_449) % tree.length];
    const people = members(org.id);
    const status = r.weighted(TOPIC_STATUS);
    const direction = r.int(0, directions.length - 1);
    const reportedAt = status === 'reported' || status === 'converted' ? anchor - r.int(5, 60) * DAY : null;
    const convertedAt = status === 'converted' ? Math.min(anchor, reportedAt! + r.int(1, 20) * DAY) : null;
    const findings: Row[] = [];
    const count = status === 'planned' ? 0 : r.int(1, 3);
    for (let s = 1; s <= count; s++) {
      const converted = convertedAt !== null && (s === 1 || r.next() < 0.5);
      findings.push([
        ++findingId,
        id,
        s,
        `调研发现${s}：课题${id}中群众反映集中的问题`,
        converted ? 'measure' : null,
        converted ? '制定专项措施并推动落实' : '',
        converted ? isoTime(convertedAt) : null,
      ]);
    }
    yield {
      topic: [
        id,
        org.id,
        campaignId,
        directions[direction],
        `重点方向${direction + 1}专题调研${id}`,
        people.length ? people[r.int(0, people.length - 1)] : null,
        '深入基层一线，走访座谈，掌握第一手情况',
        status,
        reportedAt === null ? '' : `课题${id}调研报告`,
        reportedAt === null ? null : isoTime(reportedAt),
        convertedAt === null ? null : isoTime(convertedAt),
      ],
      findings,
    };
  }
}
