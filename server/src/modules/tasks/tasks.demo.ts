/**
 * Demo supervision data for 清河市: a dozen tasks in every stage (some decomposed two levels down, some late so
 * lights and reminders show), a kick-off meeting with venues and attendance, and inbox items for every account.
 * Dates are relative to the seeding time so the lights stay meaningful.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { now } from '../../platform/clock.js';
import { users } from '../../platform/auth/auth.table.js';
import { campaigns } from '../campaigns/campaigns.table.js';
import { DISTRICTS } from '../demo/demo.data.js';
import { meetingDecisions, meetings, meetingVenues } from '../meetings/meetings.table.js';
import { inboxItems } from '../notifications/notifications.table.js';
import { orgs } from '../orgs/orgs.table.js';
import type { AssignmentState } from './assignment.machine.js';
import { assignmentReports, assignments, extensionRequests, tasks } from './tasks.table.js';

const DAY = 86_400_000;
type Org = { id: number; name: string };

interface Spec {
  title: string;
  issuedAgo: number;
  deadlineIn: number;
  frequency: 'daily' | 'weekly' | 'monthly' | 'phase';
  /** state of the district assignments, by district index */
  state: (i: number) => AssignmentState;
  /** decompose 东城区 (and one township further) */
  deep?: boolean;
  extension?: boolean;
}

const SPECS: Spec[] = [
  {
    title: '召开主题教育动员部署会议',
    issuedAgo: 25,
    deadlineIn: -15,
    frequency: 'phase',
    state: () => 'accepted',
  },
  {
    title: '制定本单位主题教育实施方案',
    issuedAgo: 20,
    deadlineIn: -5,
    frequency: 'weekly',
    state: (i) => (i < 6 ? 'accepted' : 'completed'),
  },
  {
    title: '开展“十查十看”专项检视',
    issuedAgo: 14,
    deadlineIn: 12,
    frequency: 'weekly',
    state: () => 'in_progress',
    deep: true,
  },
  {
    title: '围绕15个重点方向开展调查研究',
    issuedAgo: 12,
    deadlineIn: 2,
    frequency: 'weekly',
    state: (i) => (i % 3 === 0 ? 'completed' : 'in_progress'),
  },
  {
    title: '建立为民办实事项目清单',
    issuedAgo: 18,
    deadlineIn: -2,
    frequency: 'weekly',
    state: (i) => (i % 2 ? 'in_progress' : 'completed'),
  },
  {
    title: '报送阶段性工作总结',
    issuedAgo: 30,
    deadlineIn: -12,
    frequency: 'monthly',
    state: (i) => (i < 3 ? 'acknowledged' : 'accepted'),
  },
  {
    title: '组织党员干部专题学习研讨',
    issuedAgo: 10,
    deadlineIn: 20,
    frequency: 'weekly',
    state: (i) => (i % 2 ? 'issued' : 'acknowledged'),
  },
  {
    title: '梳理巡视巡察反馈问题整改台账',
    issuedAgo: 9,
    deadlineIn: 9,
    frequency: 'weekly',
    state: (i) => (i === 0 ? 'returned' : 'in_progress'),
  },
  {
    title: '推动“九个聚力突破”重点任务落地',
    issuedAgo: 8,
    deadlineIn: 6,
    frequency: 'weekly',
    state: () => 'in_progress',
    extension: true,
  },
  {
    title: '开展典型案例剖析警示教育',
    issuedAgo: 2,
    deadlineIn: 25,
    frequency: 'monthly',
    state: () => 'issued',
  },
  {
    title: '完善建章立制成果清单',
    issuedAgo: 6,
    deadlineIn: 15,
    frequency: 'weekly',
    state: (i) => (i % 4 === 0 ? 'completed' : 'in_progress'),
  },
  {
    title: '做好主题教育宣传报道',
    issuedAgo: 4,
    deadlineIn: 30,
    frequency: 'weekly',
    state: () => 'acknowledged',
  },
];

const INTERVAL = { daily: 1, weekly: 7, monthly: 30, phase: null } as const;

function stamps(state: AssignmentState, issued: Date, at: Date) {
  const after = (days: number) => new Date(Math.min(at.getTime(), issued.getTime() + days * DAY));
  const acknowledged = state === 'issued' ? null : after(1);
  const reported = ['in_progress', 'completed', 'accepted', 'returned'].includes(state) ? after(5) : null;
  const completed = ['completed', 'accepted', 'returned'].includes(state) ? after(7) : null;
  return {
    status: state,
    acknowledgedAt: acknowledged,
    lastReportAt: completed ?? reported,
    completedAt: completed,
    reviewedAt: state === 'accepted' || state === 'returned' ? after(8) : null,
    progress: completed ? 100 : reported ? 60 : 0,
    completionReport: completed ? '已按要求完成各项工作，形成工作总结和成果清单。' : null,
    reviewComment: state === 'returned' ? '成果清单不完整，请补充具体措施后重新报送。' : null,
  };
}

async function childrenOf(tx: Executor, parentId: number, limit: number): Promise<Org[]> {
  return tx
    .select({ id: orgs.id, name: orgs.name })
    .from(orgs)
    .where(and(eq(orgs.parentId, parentId), eq(orgs.active, true)))
    .orderBy(asc(orgs.sortOrder), asc(orgs.id))
    .limit(limit);
}

export async function seedTasksDemo(tx: Executor): Promise<{ tasks: number; assignments: number }> {
  const at = now();
  const [campaign] = await tx.select().from(campaigns).orderBy(asc(campaigns.id)).limit(1);
  if (!campaign) return { tasks: 0, assignments: 0 };
  const districts = await tx
    .select({ id: orgs.id, name: orgs.name, parentId: orgs.parentId })
    .from(orgs)
    .where(
      inArray(
        orgs.name,
        DISTRICTS.map((d) => d.name),
      ),
    )
    .orderBy(asc(orgs.sortOrder), asc(orgs.id));
  const cityId = districts[0].parentId!;
  let count = 0;
  const insertA = async (
    taskId: number,
    org: Org,
    issuerOrgId: number,
    parentId: number | null,
    state: AssignmentState,
    issued: Date,
    deadline: Date,
  ) => {
    const [a] = await tx
      .insert(assignments)
      .values({
        taskId,
        orgId: org.id,
        issuerOrgId,
        parentAssignmentId: parentId,
        deadline,
        issuedAt: issued,
        createdAt: issued,
        updatedAt: at,
        ...stamps(state, issued, at),
      })
      .returning({ id: assignments.id });
    count++;
    if (state !== 'issued' && state !== 'acknowledged')
      await tx.insert(assignmentReports).values({
        assignmentId: a.id,
        kind: 'progress',
        content: `${org.name}已召开专题会议研究部署，正在推进落实。`,
        progress: 60,
        authorName: '联络员',
        at: new Date(Math.min(at.getTime(), issued.getTime() + 5 * DAY)),
      });
    return a.id;
  };
  let firstTaskId = 0;
  for (const [n, s] of SPECS.entries()) {
    const issued = new Date(at.getTime() - s.issuedAgo * DAY);
    const deadline = new Date(at.getTime() + s.deadlineIn * DAY);
    const [task] = await tx
      .insert(tasks)
      .values({
        campaignId: campaign.id,
        issuingOrgId: cityId,
        number: `${campaign.code}-督-${String(n + 1).padStart(3, '0')}`,
        title: s.title,
        category: n % 3 === 0 ? 'special' : 'work',
        basis: '市委主题教育领导小组工作安排',
        instructingLeader: '市委副书记',
        urgency: s.deadlineIn < 5 ? 'urgent' : 'normal',
        requirements: `请各地各单位按照“${campaign.generalRequirement}”的总要求，结合实际抓好落实，按时反馈进展。`,
        leadUnit: '市委主题教育办',
        supervisor: '督导组 0000-1234567',
        deadline,
        reportFrequency: s.frequency,
        reportIntervalDays: INTERVAL[s.frequency],
        resultForm: '工作总结、成果清单',
        issuedAt: issued,
        createdAt: issued,
        updatedAt: at,
      })
      .returning({ id: tasks.id });
    firstTaskId ||= task.id;
    for (const [i, d] of districts.entries()) {
      const aId = await insertA(task.id, d, cityId, null, s.state(i), issued, deadline);
      if (s.extension && i === 1)
        await tx.insert(extensionRequests).values({
          assignmentId: aId,
          reason: '涉及跨部门协调，需延长一周完成。',
          requestedDeadline: new Date(deadline.getTime() + 7 * DAY),
          createdAt: at,
          updatedAt: at,
        });
      if (!s.deep || i !== 0) continue;
      // 东城区 passes it on to its townships; the first township passes it on again.
      for (const [j, town] of (await childrenOf(tx, d.id, 6)).entries()) {
        const tDeadline = new Date(deadline.getTime() - 2 * DAY);
        const tState: AssignmentState =
          j === 0 ? 'in_progress' : j === 1 ? 'completed' : j === 2 ? 'issued' : 'acknowledged';
        const tId = await insertA(
          task.id,
          town,
          d.id,
          aId,
          tState,
          new Date(issued.getTime() + DAY),
          tDeadline,
        );
        if (j !== 0) continue;
        for (const [k, unit] of (await childrenOf(tx, town.id, 4)).entries())
          await insertA(
            task.id,
            unit,
            town.id,
            tId,
            k === 0 ? 'accepted' : 'in_progress',
            new Date(issued.getTime() + 2 * DAY),
            new Date(tDeadline.getTime() - DAY),
          );
      }
    }
  }

  const startsAt = new Date(at.getTime() - 26 * DAY);
  const [m] = await tx
    .insert(meetings)
    .values({
      campaignId: campaign.id,
      organizerOrgId: cityId,
      title: '全市主题教育动员部署会议',
      startsAt,
      attendeeScope: '市级领导班子成员；各县区、开发区党（工）委主要负责同志；市直各部门主要负责同志',
      agenda: '一、传达上级会议精神\n二、印发实施方案\n三、市委书记作动员讲话',
      videoLink: 'https://meeting.example.gov.cn/qh-2023',
      minutes: '会议对全市主题教育进行动员部署，明确了总要求、目标任务和重点措施。',
      status: 'held',
      createdAt: startsAt,
      updatedAt: at,
    })
    .returning({ id: meetings.id });
  await tx.insert(meetingVenues).values([
    {
      meetingId: m.id,
      orgId: cityId,
      kind: 'main',
      place: '市委大礼堂',
      expected: 120,
      present: 118,
      absenceNote: '2人因公出差',
      recordedAt: startsAt,
    },
    ...districts.map((d, i) => ({
      meetingId: m.id,
      orgId: d.id,
      kind: 'sub',
      place: `${d.name.replace(/^中共清河市|^中共|委员会$|工作委员会$/g, '')}视频会议室`,
      ...(i < districts.length - 2 ? { expected: 40, present: 38 + (i % 3), recordedAt: startsAt } : {}),
    })),
  ]);
  await tx.insert(meetingDecisions).values({
    meetingId: m.id,
    content: '各单位一周内召开本级动员部署会议',
    taskId: firstTaskId,
    createdAt: startsAt,
  });

  const all = await tx.select({ id: users.id, username: users.username }).from(users);
  await tx.insert(inboxItems).values(
    all.flatMap((u) => [
      {
        userId: u.id,
        kind: 'meeting',
        title: '会议通知：全市主题教育动员部署会议',
        body: '请按要求组织收看。',
        link: `/meetings/${m.id}`,
        readAt: startsAt,
        createdAt: startsAt,
      },
      {
        userId: u.id,
        kind: 'notice',
        title: '主题教育工作平台已启用',
        body: '待办事项、督办提醒和审结结果都会在这里提示。',
        link: '/',
        createdAt: at,
      },
    ]),
  );
  return { tasks: SPECS.length, assignments: count };
}
