import { isoTime, rng, type OrgNode, type Row } from './gen.js';

const DAY = 86_400_000;
export const OPINION_COUNTS = { small: 300, city: 6_000, province: 300_000 } as const;

const STATUS = [
  ['submitted', 5],
  ['routed', 5],
  ['signed', 15],
  ['returned', 2],
  ['answered', 15],
  ['reopened', 3],
  ['closed', 55],
] as const;
const CATEGORIES = ['意见', '建议', '投诉', '求助', '咨询', '表扬'] as const;
const RATINGS = ['满意', '比较满意', '不太满意', '不满意'] as const;

export const OPINION_COLUMNS = [
  'id', 'code', 'category', 'org_id', 'dispatch_org_id', 'status', 'text', 'ip_hash', 'text_hash',
  'submitted_at', 'sign_deadline', 'answer_deadline', 'signed_at', 'answered_at', 'answer', 'rating', 'rated_at',
  'closed_at', 'reopen_count',
]; // prettier-ignore

/**
 * 群众意见建议 over the tree, dispatched by the district office (level 2) above the handling unit. Waiting and
 * returned ones have no handling unit; timestamps follow the state: signed → answered → rated → closed.
 */
export function* opinionRows(n: number, tree: OrgNode[], anchor: number, seed: number): Generator<Row> {
  const r = rng(seed ^ 0x0b1e);
  const hex = (k: number) => (k.toString(16) + 'f'.repeat(64)).slice(0, 64);
  for (let id = 1; id <= n; id++) {
    const org = tree[(id * 15_485_863) % tree.length];
    const ids = org.path.split('.').map(Number);
    const dispatch = ids[Math.min(2, ids.length - 1)];
    const status = r.weighted(STATUS);
    const submitted = anchor - r.int(1, 120) * DAY;
    const signDeadline = submitted + 2 * DAY;
    const answerDeadline = submitted + 15 * DAY;
    const hasOrg = status !== 'submitted' && status !== 'returned';
    const signed = ['signed', 'answered', 'reopened', 'closed'].includes(status)
      ? Math.min(anchor, submitted + r.int(0, 3) * DAY)
      : null;
    const answered = ['answered', 'reopened', 'closed'].includes(status)
      ? Math.min(anchor, (signed ?? submitted) + r.int(1, 20) * DAY)
      : null;
    const rating =
      status === 'closed' && r.next() < 0.8
        ? r.weighted([
            [RATINGS[0], 70],
            [RATINGS[1], 20],
            [RATINGS[2], 6],
            [RATINGS[3], 4],
          ])
        : status === 'reopened'
          ? r.pick([RATINGS[2], RATINGS[3]])
          : null;
    const rated = rating && answered ? Math.min(anchor, answered + DAY) : null;
    const t = (x: number | null) => (x === null ? null : isoTime(x));
    yield [
      id,
      `Q${String(id).padStart(8, '0')}${r.int(1000, 9999)}`,
      r.pick(CATEGORIES),
      hasOrg ? org.id : null,
      dispatch,
      status,
      `关于第${id}号事项的意见建议`,
      hex(id),
      hex(id * 31),
      isoTime(submitted),
      isoTime(signDeadline),
      isoTime(answerDeadline),
      t(signed),
      t(answered),
      answered ? '已办理并答复' : null,
      rating,
      t(rated),
      status === 'closed' ? t(rated ?? answered) : null,
      status === 'reopened' ? 1 : 0,
    ];
  }
}
