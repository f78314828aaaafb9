import { solvePow } from '../platform/pow.js';
import { http, loginHttp, type Client } from './spawned.js';

/**
 * A realistic mixed write workload against the spawned server, shared by the load, crash and backup suites:
 * org creation, problem lifecycles (create → open → start / cancel), task reports on the district's
 * assignments and public opinions routed by the city (submit → dispatch). Every step returns the requests it
 * made (for latency by route class) and what the server acknowledged (for the durability checks).
 */

/** The server env a workload needs: public opinions without a real proof of work or rate limit. */
export const WORKLOAD_ENV: Record<string, string> = {
  PUBLIC_POW_BITS: '4',
  PUBLIC_PER_IP: '100000000',
  PUBLIC_PER_PHONE: '100000000',
};

export interface Sample {
  cls: string;
  status: number;
  ms: number;
}

export type Acked =
  | { kind: 'org'; id: number; name: string }
  | { kind: 'problem'; id: number; status: string; version: number }
  | { kind: 'report'; assignmentId: number; content: string }
  | { kind: 'opinion'; id: number; code: string; status: string };

export interface Workload {
  baseUrl: string;
  users: Record<'city' | 'district' | 'secretary' | 'member', Client>;
  ids: { dc: number; campaign: number; branch: number; memberUser: number };
  assignments: number[];
}

type Res = Awaited<ReturnType<typeof http>>;

async function timed(out: Sample[], cls: string, run: () => Promise<Res>): Promise<Res> {
  const t0 = performance.now();
  const res = await run();
  out.push({ cls, status: res.status, ms: performance.now() - t0 });
  return res;
}

const ok = (r: Res) => r.status >= 200 && r.status < 300;

async function orgId(baseUrl: string, c: Client, name: string): Promise<number> {
  const res = await http(baseUrl, c, 'GET', `/api/v1/orgs?q=${encodeURIComponent(name)}`);
  const hit = (res.json().items as { id: number; name: string }[]).find((o) => o.name === name);
  if (!hit) throw new Error(`workload: no org ${name}`);
  return hit.id;
}

export async function prepareWorkload(baseUrl: string): Promise<Workload> {
  const users = {
    city: await loginHttp(baseUrl, 'city_admin'),
    district: await loginHttp(baseUrl, 'district_admin'),
    secretary: await loginHttp(baseUrl, 'branch_secretary'),
    member: await loginHttp(baseUrl, 'branch_member'),
  };
  const campaigns = (await http(baseUrl, users.city, 'GET', '/api/v1/campaigns')).json().items as {
    id: number;
  }[];
  const me = (await http(baseUrl, users.member, 'GET', '/api/v1/auth/me')).json();
  const mine = (
    await http(baseUrl, users.district, 'GET', '/api/v1/assignments?mine=true&pageSize=100')
  ).json().items as { id: number; status: string }[];
  const assignments = mine
    .filter((a) => ['issued', 'acknowledged', 'in_progress', 'returned'].includes(a.status))
    .map((a) => a.id);
  if (assignments.length === 0) throw new Error('workload: the district has no open assignment');
  return {
    baseUrl,
    users,
    ids: {
      dc: await orgId(baseUrl, users.city, '中共清河市东城区委员会'),
      campaign: campaigns[0].id,
      branch: await orgId(baseUrl, users.city, '东城区朝阳街道机关党支部'),
      memberUser: Number(me.id),
    },
    assignments,
  };
}

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

async function orgStep(w: Workload, i: number, tag: string, out: Sample[], acked: Acked[]) {
  const name = `${tag}支部${i}`;
  const r = await timed(out, 'write:org', () =>
    http(w.baseUrl, w.users.city, 'POST', '/api/v1/orgs', { parentId: w.ids.dc, name, kind: 'branch' }),
  );
  if (ok(r)) acked.push({ kind: 'org', id: Number(r.json().id), name });
}

async function problemStep(w: Workload, i: number, tag: string, out: Sample[], acked: Acked[]) {
  const { secretary, member } = w.users;
  let r = await timed(out, 'write:problem', () =>
    http(w.baseUrl, secretary, 'POST', '/api/v1/problems', {
      campaignId: w.ids.campaign,
      orgId: w.ids.branch,
      title: `${tag}问题${i}`,
      manifestation: '学习停留在读原文、念文件，联系实际不够',
      category: '理论学习',
      source: 'self',
      deadline: inDays(30),
      ownerUserId: w.ids.memberUser,
    }),
  );
  if (!ok(r)) return;
  const id = Number(r.json().id);
  const note = (res: Res) => {
    const p = res.json();
    acked.push({ kind: 'problem', id, status: String(p.status), version: Number(p.version) });
  };
  note(r);
  const steps: [Client, string][] = [[secretary, 'open'], i % 2 ? [member, 'start'] : [secretary, 'cancel']];
  for (const [who, action] of steps) {
    const version = Number(r.json().version);
    r = await timed(out, 'write:problem', () =>
      http(w.baseUrl, who, 'POST', `/api/v1/problems/${id}/transitions`, {
        action,
        version,
        ...(action === 'cancel' ? { comment: '重复登记，撤销' } : {}),
      }),
    );
    if (!ok(r)) return;
    note(r);
  }
}

async function reportStep(w: Workload, i: number, tag: string, out: Sample[], acked: Acked[]) {
  const c = w.users.district;
  const id = w.assignments[i % w.assignments.length];
  for (let attempt = 0; attempt < 3; attempt++) {
    const got = await timed(out, 'read:detail', () => http(w.baseUrl, c, 'GET', `/api/v1/assignments/${id}`));
    if (!ok(got)) return;
    const a = got.json() as { status: string; version: number };
    let version = a.version;
    if (a.status === 'issued') {
      const ack = await timed(out, 'write:report', () =>
        http(w.baseUrl, c, 'POST', `/api/v1/assignments/${id}/acknowledge`, { version }),
      );
      if (ack.status === 409) continue;
      if (!ok(ack)) return;
      version = Number(ack.json().version);
    }
    const content = `${tag}进展${i}：已召开专题会议`;
    const r = await timed(out, 'write:report', () =>
      http(w.baseUrl, c, 'POST', `/api/v1/assignments/${id}/report`, { version, content, progress: i % 100 }),
    );
    if (r.status === 409) continue; // another connection reported first: read again
    if (ok(r)) acked.push({ kind: 'report', assignmentId: id, content });
    return;
  }
}

async function opinionStep(w: Workload, i: number, tag: string, out: Sample[], acked: Acked[]) {
  const anon: Client = { cookie: '', csrf: '' };
  const ch = await timed(out, 'public', () => http(w.baseUrl, anon, 'GET', '/api/v1/public/challenge'));
  if (!ok(ch)) return;
  const { salt, difficulty } = ch.json() as { salt: string; difficulty: number };
  const phone = `139${String(i).padStart(8, '0').slice(-8)}`;
  const r = await timed(out, 'public', () =>
    http(w.baseUrl, anon, 'POST', '/api/v1/public/opinions', {
      category: '建议',
      orgId: null,
      text: `${tag}意见${i}：小区门口路灯坏了，希望尽快修复`,
      phone,
      challenge: { salt, nonce: solvePow(salt, difficulty) },
    }),
  );
  if (!ok(r)) return;
  const code = String(r.json().code);
  const found = await timed(out, 'read:list', () =>
    http(
      w.baseUrl,
      w.users.city,
      'GET',
      `/api/v1/opinions?box=dispatch&q=${encodeURIComponent(`${tag}意见${i}：`)}`,
    ),
  );
  const item = (found.json().items as { id: number; code: string; status: string; version: number }[]).find(
    (o) => o.code === code,
  );
  if (!item) return;
  acked.push({ kind: 'opinion', id: item.id, code, status: item.status });
  const d = await timed(out, 'write:opinion', () =>
    http(w.baseUrl, w.users.city, 'POST', `/api/v1/opinions/${item.id}/dispatch`, {
      version: item.version,
      orgId: w.ids.dc,
    }),
  );
  if (ok(d)) acked.push({ kind: 'opinion', id: item.id, code, status: String(d.json().status) });
}

const STEPS = [orgStep, problemStep, reportStep, opinionStep];

/** One write operation of the mix (the kind rotates with i); `tag` marks the names it creates. */
export async function mixedWrite(w: Workload, i: number, tag: string, out: Sample[], acked: Acked[]) {
  await STEPS[i % STEPS.length](w, i, tag, out, acked);
}

/** The latest acknowledged fact per record: a problem's or opinion's last state, each org, each report. */
export function latestAcked(acked: Acked[]): Acked[] {
  const last = new Map<string, Acked>();
  for (const a of acked) {
    const key =
      a.kind === 'report' ? `report:${a.content}` : a.kind === 'org' ? `org:${a.id}` : `${a.kind}:${a.id}`;
    last.set(key, a);
  }
  return [...last.values()];
}
