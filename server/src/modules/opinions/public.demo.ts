/**
 * The public side of the demo city: articles by the 宣传组, published rectification items, practical deeds with
 * milestones, and opinions in every state (new, routed, signed, returned, answered, reopened, closed, one marked
 * unreasonable, one published), timed relative to the seeding day so the queues show lights on first start.
 */
import { asc, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { now } from '../../platform/clock.js';
import { articles } from '../articles/articles.table.js';
import { DEMO_BRANCH, DEMO_DEPARTMENT, DEMO_DISTRICT } from '../demo/demo.data.js';
import { deedMilestones, deedRatings, deeds } from '../deeds/deeds.table.js';
import { orgs } from '../orgs/orgs.table.js';
import { problems } from '../problems/problems.table.js';
import type { OpinionState } from './opinions.machine.js';
import { addWorkingDays, sha256, textKey, trackingCode } from './opinions.rules.js';
import { opinionEvents, opinions } from './opinions.table.js';

const DAY = 86_400_000;
const ALL_FIELDS = ['title', 'manifestation', 'measures', 'progress', 'status', 'org'];

const ARTICLES = [
  [
    'news',
    '市委召开主题教育工作会议',
    '会议对全市第二批主题教育作出部署，强调要坚持学思想、强党性、重实践、建新功。\n\n各县区、各部门要把理论学习、调查研究、推动发展、检视整改、建章立制贯通起来。',
  ],
  [
    'news',
    '主题教育领导小组办公室公布群众意见建议征集方式',
    '即日起，群众可通过本平台“我有话说”栏目提出意见建议，凭查询码查看办理进度和答复，并对答复作出评价。',
  ],
  [
    'example',
    '东城区：老旧小区加装电梯“一件事”办理',
    '东城区把加装电梯作为为群众办实事重点项目，实行一窗受理、并联审批，办理时间由60天压缩到20天。',
  ],
  ['news', '（草稿）第二阶段工作安排', '本稿尚未发布。'],
] as const;

const DEEDS = [
  {
    org: DEMO_DISTRICT,
    title: '老旧小区加装电梯',
    leader: '区委副书记',
    ms: [
      ['摸底调查', 20, 100],
      ['方案审批', 30, 100],
      ['施工安装', 50, 60],
    ],
  },
  {
    org: DEMO_DISTRICT,
    title: '背街小巷路灯亮化',
    leader: '区城管局局长',
    ms: [
      ['排查点位', 30, 100],
      ['更换灯具', 70, 100],
    ],
    done: true,
  },
  {
    org: DEMO_DEPARTMENT,
    title: '企业开办“一日办结”',
    leader: '市发改委主任',
    ms: [
      ['流程再造', 40, 100],
      ['系统对接', 60, 30],
    ],
  },
  {
    org: DEMO_BRANCH,
    title: '社区老年食堂',
    leader: '街道党工委书记',
    ms: [
      ['选址', 30, 100],
      ['装修', 40, 20],
      ['运营', 30, 0],
    ],
  },
] as const;

interface OpinionPlan {
  state: OpinionState;
  org: string | null;
  daysAgo: number;
  category: string;
  text: string;
  answer?: string;
  rating?: string;
  reopened?: boolean;
  unreasonable?: string;
  published?: boolean;
  returnedFrom?: string;
}

const OPINIONS: OpinionPlan[] = [
  {
    state: 'submitted',
    org: null,
    daysAgo: 1,
    category: '投诉',
    text: '我家楼下烧烤店油烟扰民，晚上十二点还很吵，联系电话13812345678。',
  },
  {
    state: 'submitted',
    org: null,
    daysAgo: 6,
    category: '求助',
    text: '母亲的养老保险待遇认证不会在手机上操作，希望有人上门指导。',
  },
  {
    state: 'returned',
    org: null,
    daysAgo: 4,
    category: '意见',
    text: '小区附近公交站取消后出行很不方便。',
    returnedFrom: DEMO_DEPARTMENT,
  },
  {
    state: 'routed',
    org: DEMO_DISTRICT,
    daysAgo: 0,
    category: '建议',
    text: '建议在朝阳街道增设便民自行车停放点。',
  },
  {
    state: 'routed',
    org: DEMO_DISTRICT,
    daysAgo: 5,
    category: '投诉',
    text: '朝阳街道某小区垃圾清运不及时，夏天气味很大。',
  },
  {
    state: 'signed',
    org: DEMO_DISTRICT,
    daysAgo: 3,
    category: '意见',
    text: '社区卫生服务站周末不开门，看病不方便。',
  },
  {
    state: 'signed',
    org: DEMO_BRANCH,
    daysAgo: 16,
    category: '求助',
    text: '楼道灯坏了很久，老人晚上上下楼不安全。',
  },
  {
    state: 'answered',
    org: DEMO_DISTRICT,
    daysAgo: 8,
    category: '投诉',
    text: '办理居住证要跑三次，材料要求每次不一样。',
    answer: '经核查，已统一材料清单并在大厅公示，实行一次告知。',
  },
  {
    state: 'reopened',
    org: DEMO_DISTRICT,
    daysAgo: 9,
    category: '投诉',
    text: '小区门口道路破损积水，多次反映未修。',
    answer: '已安排养护单位修补。',
    rating: '不满意',
    reopened: true,
  },
  {
    state: 'closed',
    org: DEMO_DISTRICT,
    daysAgo: 12,
    category: '建议',
    text: '建议公园延长开放时间到晚上十点。',
    answer: '已调整夏季开放时间至22:00。',
    rating: '满意',
    published: true,
  },
  {
    state: 'closed',
    org: DEMO_DEPARTMENT,
    daysAgo: 14,
    category: '意见',
    text: '企业开办线上系统经常卡顿。',
    answer: '已完成系统扩容，办理时长缩短。',
    rating: '比较满意',
    published: true,
  },
  {
    state: 'closed',
    org: DEMO_DISTRICT,
    daysAgo: 10,
    category: '投诉',
    text: '要求对邻居装修噪音给予赔偿。',
    answer: '属民事纠纷，已告知调解渠道。',
    rating: '不满意',
    unreasonable: '属民事纠纷，非行政职责范围，已依法告知',
  },
];

export async function seedPublicDemo(tx: Executor): Promise<void> {
  const named = await tx
    .select({ id: orgs.id, name: orgs.name, depth: orgs.depth })
    .from(orgs)
    .orderBy(asc(orgs.depth), asc(orgs.id));
  const root = named[0];
  if (!root) return;
  const idOf = (name: string | null) => (name ? (named.find((o) => o.name === name)?.id ?? root.id) : null);
  const at = now();

  // Published rectification items: every field of the ledger's public ones, and some still in progress.
  await tx
    .update(problems)
    .set({ publicFields: ALL_FIELDS })
    .where(sql`${problems.isPublic} and ${problems.publicFields} = '[]'::jsonb`);
  const ongoing = await tx
    .select({ id: problems.id })
    .from(problems)
    .where(inArray(problems.status, ['in_progress', 'open']))
    .orderBy(asc(problems.id))
    .limit(8);
  if (ongoing.length)
    await tx
      .update(problems)
      .set({ isPublic: true, publicFields: ['title', 'measures', 'status', 'org'] })
      .where(
        inArray(
          problems.id,
          ongoing.map((p) => p.id),
        ),
      );

  await tx.insert(articles).values(
    ARTICLES.map(([kind, title, body], i) => ({
      orgId: root.id,
      kind,
      title,
      body,
      published: !title.startsWith('（草稿）'),
      publishedAt: title.startsWith('（草稿）') ? null : new Date(at.getTime() - (i + 1) * DAY),
    })),
  );

  for (const d of DEEDS) {
    const done = 'done' in d && d.done;
    const [row] = await tx
      .insert(deeds)
      .values({
        orgId: idOf(d.org) ?? root.id,
        title: d.title,
        description: `${d.title}，列入主题教育为群众办实事项目清单。`,
        leaderName: d.leader,
        targetDate: new Date(at.getTime() + 60 * DAY).toISOString().slice(0, 10),
        status: done ? 'completed' : 'active',
        completedAt: done ? new Date(at.getTime() - 2 * DAY) : null,
      })
      .returning({ id: deeds.id });
    await tx
      .insert(deedMilestones)
      .values(
        d.ms.map(([title, weight, progress], i) => ({ deedId: row.id, seq: i + 1, title, weight, progress })),
      );
    if (done)
      await tx.insert(deedRatings).values(
        ['满意', '满意', '比较满意'].map((rating, i) => ({
          deedId: row.id,
          deviceKey: sha256(`demo-device-${i}`),
          day: new Date(at.getTime() - DAY).toISOString().slice(0, 10),
          rating,
        })),
      );
  }

  for (const [i, p] of OPINIONS.entries()) {
    const submittedAt = new Date(at.getTime() - p.daysAgo * DAY - i * 3_600_000);
    const signDeadline = addWorkingDays(submittedAt, 2);
    const answerDeadline = addWorkingDays(submittedAt, 10);
    const signed = ['signed', 'answered', 'reopened', 'closed'].includes(p.state);
    const answeredAt = p.answer ? new Date(submittedAt.getTime() + 3 * DAY) : null;
    const [row] = await tx
      .insert(opinions)
      .values({
        code: trackingCode(),
        category: p.category,
        orgId: idOf(p.org),
        dispatchOrgId: root.id,
        status: p.state,
        text: p.text,
        submitterName: i % 2 ? '陈女士' : null,
        submitterPhone: i % 3 ? null : `1391234${String(5000 + i).padStart(4, '0')}`,
        agreePublic: Boolean(p.published) || i % 2 === 0,
        ipHash: sha256(`demo-${i}`),
        textHash: textKey(p.text),
        submittedAt,
        signDeadline,
        answerDeadline: p.reopened ? addWorkingDays(at, 10) : answerDeadline,
        signedAt: signed ? new Date(submittedAt.getTime() + DAY) : null,
        answeredAt,
        answer: p.answer ?? null,
        answeredByName: p.answer ? '承办单位' : null,
        answerPublished: Boolean(p.published),
        rating: p.rating ?? null,
        ratedAt: p.rating ? new Date(submittedAt.getTime() + 4 * DAY) : null,
        reopenCount: p.reopened ? 1 : 0,
        returnReason: p.returnedFrom ? '不属于本单位职责，建议交市交通运输局办理' : null,
        returnedFromOrgId: idOf(p.returnedFrom ?? null),
        unreasonable: Boolean(p.unreasonable),
        unreasonableReason: p.unreasonable ?? null,
        closedAt: p.state === 'closed' ? new Date(submittedAt.getTime() + 4 * DAY) : null,
      })
      .returning({ id: opinions.id });
    await tx.insert(opinionEvents).values({
      opinionId: row.id,
      at: submittedAt,
      actorName: '群众',
      action: 'submit',
      toStatus: p.org ? 'routed' : 'submitted',
    });
    if (p.state !== 'submitted' && p.state !== 'routed')
      await tx.insert(opinionEvents).values({
        opinionId: row.id,
        at: new Date(submittedAt.getTime() + 3 * DAY),
        actorName: '演示数据',
        action: p.state === 'returned' ? 'return' : p.answer ? 'answer' : 'sign',
        toStatus: p.state,
      });
  }
}
