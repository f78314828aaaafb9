/**
 * Deterministic synthetic rows for the benchmark: the same seed and anchor date give the same rows.
 * Pure generation only; bench/load.ts writes them. Values follow the app's rules (state machines, deadlines,
 * ltree paths) so the app's own endpoints work on the data.
 */
export type Scale = 'small' | 'city' | 'province';
export type Cell = string | number | boolean | null;
export type Row = Cell[];

export interface Sizes {
  /** orgs per level, root first: 6 levels */
  levels: number[];
  people: number;
  problems: number;
  /** measures per problem on average (1..4) */
  tasks: number;
}

export const SIZES: Record<Scale, Sizes> = {
  province: {
    levels: [1, 16, 160, 1600, 16000, 82223],
    people: 3_000_000,
    problems: 1_000_000,
    tasks: 200_000,
  },
  city: { levels: [1, 4, 20, 100, 500, 1375], people: 60_000, problems: 20_000, tasks: 4_000 },
  small: { levels: [1, 2, 6, 18, 54, 119], people: 2_000, problems: 1_000, tasks: 150 },
};

/** mulberry32: small, fast, good enough for synthetic data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Rng {
  next: () => number;
  int(lo: number, hi: number): number;
  pick<T>(xs: readonly T[]): T;
  weighted<T>(xs: readonly (readonly [T, number])[]): T;
}

export function rng(seed: number): Rng {
  const next = prng(seed);
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    weighted: (xs) => {
      let r = next() * xs.reduce((s, [, w]) => s + w, 0);
      for (const [x, w] of xs) if ((r -= w) < 0) return x;
      return xs[xs.length - 1][0];
    },
  };
}

export interface OrgNode {
  id: number;
  parentId: number | null;
  path: string;
  depth: number;
  level: number;
  children: number[];
}

const LEVEL_KIND = ['committee', 'committee', 'committee', 'township', 'general_branch', 'branch'] as const;
const LEVEL_NAME = ['省委', '市委', '区委', '街道党工委', '党总支', '党支部'] as const;

/** The org tree: node j of level L hangs under node (j mod count(L-1)) of level L-1; ids in level order. */
export function orgTree(levels: number[]): OrgNode[] {
  const nodes: OrgNode[] = [];
  const firstOfLevel: number[] = [];
  for (let L = 0; L < levels.length; L++) {
    firstOfLevel.push(nodes.length);
    for (let j = 0; j < levels[L]; j++) {
      const id = nodes.length + 1;
      const parent = L === 0 ? null : nodes[firstOfLevel[L - 1] + (j % levels[L - 1])];
      const node: OrgNode = {
        id,
        parentId: parent?.id ?? null,
        path: parent ? `${parent.path}.${id}` : String(id),
        depth: L,
        level: L,
        children: [],
      };
      parent?.children.push(id);
      nodes.push(node);
    }
  }
  return nodes;
}

const DAY = 86_400_000;
export const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const isoTime = (ms: number) => new Date(ms).toISOString();

export function orgRows(tree: OrgNode[]): Row[] {
  return tree.map((o) => {
    const name = `${LEVEL_NAME[o.level]}${o.id}`;
    return [o.id, o.parentId, name, LEVEL_KIND[o.level], o.path, o.depth, o.id, true, ''];
  });
}
export const ORG_COLUMNS = [
  'id',
  'parent_id',
  'name',
  'kind',
  'path',
  'depth',
  'sort_order',
  'active',
  'pinyin',
];

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗'.split('');
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华'.split('');
const POLITICAL = [
  ['中共党员', 80],
  ['中共预备党员', 5],
  ['共青团员', 5],
  ['群众', 10],
] as const;

export const PEOPLE_COLUMNS = [
  'id',
  'org_id',
  'name',
  'gender',
  'position',
  'political_status',
  'phone',
  'active',
];
export function* peopleRows(n: number, orgCount: number, seed: number): Generator<Row> {
  const r = rng(seed ^ 0x9e01);
  for (let id = 1; id <= n; id++) {
    const name = r.pick(SURNAMES) + r.pick(GIVEN) + (r.next() < 0.5 ? r.pick(GIVEN) : '');
    const phone = `1${r.int(30, 99)}${String(r.int(0, 99_999_999)).padStart(8, '0')}`;
    yield [
      id,
      1 + ((id * 7919) % orgCount),
      name,
      r.next() < 0.5 ? '男' : '女',
      null,
      r.weighted(POLITICAL),
      phone,
      true,
    ];
  }
}

const PROBLEM_STATUS = [
  ['draft', 2],
  ['open', 20],
  ['in_progress', 35],
  ['submitted', 10],
  ['signed_off', 30],
  ['cancelled', 3],
] as const;
const SOURCES = [
  'self',
  'supervision',
  'public',
  'inspection',
  'audit',
  'superior',
  'peer',
  'research',
] as const;
const CATEGORIES = ['理论学习', '政治素质', '能力本领', '担当作为', '工作作风', '廉洁自律'] as const;
const TOPICS = [
  '学习不深入',
  '调研不扎实',
  '作风不实',
  '服务群众不到位',
  '制度执行不严',
  '台账不规范',
  '整改不彻底',
];

export const PROBLEM_COLUMNS = [
  'id', 'campaign_id', 'seq', 'number', 'title', 'manifestation', 'category', 'source', 'org_id',
  'issuing_org_id', 'deadline', 'status', 'last_progress_at', 'signed_off_at', 'signed_off_by_name',
  'sign_off_opinion', 'result_text',
]; // prettier-ignore
export const MEASURE_COLUMNS = [
  'id',
  'problem_id',
  'seq',
  'text',
  'type',
  'deadline',
  'owner_name',
  'done',
  'done_at',
];

/**
 * Problems (with their measures) over the tree: problem i belongs to a spread-out org, issued by its parent
 * (the root issues its own). Submitted and signed-off problems have all measures done and a result text;
 * signed-off ones carry no 长期坚持 measure (that would need a linked rule).
 */
export function* problemRows(
  n: number,
  tree: OrgNode[],
  campaign: { id: number; code: string },
  anchor: number,
  seed: number,
): Generator<{ problem: Row; measures: Row[] }> {
  const r = rng(seed ^ 0x5a17);
  let measureId = 0;
  for (let id = 1; id <= n; id++) {
    const org = tree[(id * 104_729) % tree.length];
    const status = r.weighted(PROBLEM_STATUS);
    const deadline = anchor + r.int(-90, 180) * DAY;
    const done = status === 'submitted' || status === 'signed_off';
    const signedAt = status === 'signed_off' ? Math.min(anchor, deadline + r.int(-60, 10) * DAY) : null;
    const topic = r.pick(TOPICS);
    const problem: Row = [
      id,
      campaign.id,
      id,
      `${campaign.code}-${String(id).padStart(6, '0')}`,
      `${topic}问题${id}`,
      `在${topic}方面存在差距，表现为具体情况${id}`,
      r.pick(CATEGORIES),
      r.pick(SOURCES),
      org.id,
      org.parentId ?? org.id,
      isoDate(deadline),
      status,
      isoTime(anchor - r.int(0, 30) * DAY),
      signedAt === null ? null : isoTime(signedAt),
      signedAt === null ? null : '验收人',
      signedAt === null ? null : '整改到位，同意销号',
      done ? '已完成整改' : '',
    ];
    const count = r.int(1, 4);
    const measures: Row[] = [];
    for (let s = 1; s <= count; s++) {
      const type =
        done && status === 'signed_off'
          ? r.pick(['fix_now', 'by_deadline'] as const)
          : r.pick(['fix_now', 'by_deadline', 'lasting'] as const);
      const mDone = done || r.next() < 0.3;
      const mDeadline = Math.min(deadline, anchor + r.int(-60, 120) * DAY);
      measures.push([
        ++measureId,
        id,
        s,
        `整改措施${s}：针对${topic}`,
        type,
        isoDate(mDeadline),
        '责任人',
        mDone,
        mDone ? isoTime(Math.min(anchor, mDeadline)) : null,
      ]);
    }
    yield { problem, measures };
  }
}

export const TASK_COLUMNS = [
  'id', 'campaign_id', 'issuing_org_id', 'number', 'title', 'deadline', 'report_frequency',
  'report_interval_days', 'issued_at',
]; // prettier-ignore
export const ASSIGNMENT_COLUMNS = [
  'id', 'task_id', 'org_id', 'parent_assignment_id', 'issuer_org_id', 'status', 'deadline', 'issued_at',
  'acknowledged_at', 'last_report_at', 'completed_at', 'reviewed_at', 'progress',
]; // prettier-ignore

const LEAF_STATES = [
  ['issued', 15],
  ['acknowledged', 15],
  ['in_progress', 35],
  ['completed', 10],
  ['accepted', 20],
  ['returned', 5],
] as const;
type AState = (typeof LEAF_STATES)[number][0];

/**
 * Tasks issued by orgs of levels 0–3, assigned to 2 of the issuer's children, each decomposed to up to 4 of
 * theirs (about 10 assignments a task). A parent is completed or accepted only when all its children are
 * accepted; otherwise it is still being worked on (decompose needs acknowledged or later).
 */
export function* taskRows(
  n: number,
  tree: OrgNode[],
  campaignId: number,
  anchor: number,
  seed: number,
): Generator<{ task: Row; assignments: Row[] }> {
  const r = rng(seed ^ 0x7a5c);
  const issuers = tree.filter((o) => o.level <= 3 && o.children.length > 0);
  let aid = 0;
  for (let id = 1; id <= n; id++) {
    const issuer = issuers[(id * 7_877) % issuers.length];
    const issuedAt = anchor - r.int(1, 60) * DAY;
    const deadline = issuedAt + r.int(10, 120) * DAY;
    const task: Row = [
      id,
      campaignId,
      issuer.id,
      `RW-${String(id).padStart(6, '0')}`,
      `重点任务${id}`,
      isoTime(deadline),
      'weekly',
      7,
      isoTime(issuedAt),
    ];
    const assignments: Row[] = [];
    const stamp = (
      status: AState,
      at: number,
      dl: number,
      parent: number | null,
      org: number,
      by: number,
    ): Row => {
      const ack = status === 'issued' ? null : at + DAY;
      const completed =
        status === 'completed' || status === 'accepted' ? Math.min(anchor, at + 5 * DAY) : null;
      const reviewed = status === 'accepted' || status === 'returned' ? Math.min(anchor, at + 6 * DAY) : null;
      const report =
        status === 'in_progress' || status === 'returned' ? Math.min(anchor, at + 3 * DAY) : null;
      const progress = completed ? 100 : status === 'issued' ? 0 : r.int(0, 90);
      const t = (x: number | null) => (x === null ? null : isoTime(x));
      return [
        ++aid,
        id,
        org,
        parent,
        by,
        status,
        isoTime(dl),
        isoTime(at),
        t(ack),
        t(report),
        t(completed),
        t(reviewed),
        progress,
      ];
    };
    const start = r.int(0, issuer.children.length - 1);
    const direct = [0, 1].map((k) => issuer.children[(start + k) % issuer.children.length]);
    for (const orgId of [...new Set(direct)]) {
      const child = tree[orgId - 1];
      const dl = deadline - r.int(0, 5) * DAY;
      const grand = child.children.slice(0, 4);
      const states = grand.map(() => r.weighted(LEAF_STATES));
      const allAccepted = states.every((s) => s === 'accepted');
      const own: AState =
        grand.length === 0
          ? r.weighted(LEAF_STATES)
          : r.pick(
              allAccepted
                ? (['in_progress', 'completed', 'accepted'] as const)
                : (['acknowledged', 'in_progress', 'returned'] as const),
            );
      const parentRow = stamp(own, issuedAt, dl, null, child.id, issuer.id);
      assignments.push(parentRow);
      grand.forEach((g, i) =>
        assignments.push(
          stamp(states[i], issuedAt + DAY, dl - r.int(0, 3) * DAY, Number(parentRow[0]), g, child.id),
        ),
      );
    }
    yield { task, assignments };
  }
}
