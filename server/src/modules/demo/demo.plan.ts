/**
 * Pure, deterministic planning of the demo city: the org tree and its people, before any id exists.
 * The same seeds always give the same city, so screenshots, tests and docs stay stable.
 */
import {
  CITY,
  CITY_DEPARTMENTS,
  COMMUNITY_STEMS,
  DISTRICTS,
  GIVEN_FEMALE,
  GIVEN_MALE,
  GIVEN_NEUTRAL,
  INSTITUTIONS,
  ORDINALS,
  PHONE_PREFIXES,
  SURNAMES,
  VILLAGE_STEMS,
  type CategoryCode,
  type OrgKind,
} from './demo.data.js';

/** mulberry32: a small, fast, seedable PRNG. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** integer in [min, max] */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  /** n distinct items, in random order */
  sample<T>(items: readonly T[], n: number): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy.slice(0, n);
  }
}

/** How an org is staffed in the people plan. */
export type Staffing = 'committee' | 'office' | 'group' | 'leadership' | 'members';

export interface PlannedOrg {
  /** index in the plan; parents always come before their children */
  key: number;
  parentKey: number | null;
  depth: number;
  sortOrder: number;
  name: string;
  shortName: string | null;
  kind: OrgKind;
  category: CategoryCode;
  staffing: Staffing;
}

export interface PlannedPerson {
  orgKey: number;
  name: string;
  gender: '男' | '女';
  position: string;
  politicalStatus: '中共党员' | '中共预备党员' | '共青团员' | '群众';
  phone: string;
}

const words = (s: string) => s.split(' ').filter(Boolean);
const ordinalBranch = (i: number) => `第${ORDINALS[i]}党支部`;

class OrgPlanner {
  readonly orgs: PlannedOrg[] = [];
  private childCount = new Map<number, number>();

  add(
    parent: PlannedOrg | null,
    o: Omit<PlannedOrg, 'key' | 'parentKey' | 'depth' | 'sortOrder' | 'staffing'> & { staffing?: Staffing },
  ): PlannedOrg {
    const parentKey = parent ? parent.key : null;
    const sortOrder = parent ? (this.childCount.get(parent.key) ?? 0) + 1 : 1;
    if (parent) this.childCount.set(parent.key, sortOrder);
    const org: PlannedOrg = {
      ...o,
      key: this.orgs.length,
      parentKey,
      depth: parent ? parent.depth + 1 : 0,
      sortOrder,
      staffing: o.staffing ?? (o.kind === 'branch' ? 'members' : 'leadership'),
    };
    this.orgs.push(org);
    return org;
  }
}

/** The org tree of 清河市, parents first. */
export function planOrgs(seed = 20230901): PlannedOrg[] {
  const rng = new Rng(seed);
  const p = new OrgPlanner();
  const root = p.add(null, {
    name: CITY.name,
    shortName: CITY.shortName,
    kind: 'committee',
    category: 'city-party',
    staffing: 'committee',
  });
  const office = p.add(root, {
    name: CITY.office,
    shortName: CITY.officeShort,
    kind: 'office',
    category: 'city-party',
    staffing: 'office',
  });
  for (const g of CITY.workingGroups) {
    p.add(office, {
      name: `${CITY.office}${g}`,
      shortName: g,
      kind: 'working_group',
      category: 'city-party',
      staffing: 'group',
    });
  }

  for (const d of DISTRICTS) {
    const isZone = d.kind === 'working_committee';
    const district = p.add(root, {
      name: d.name,
      shortName: d.shortName,
      kind: d.kind,
      category: 'district-party',
      staffing: 'committee',
    });
    const officeName = isZone ? `${d.prefix}党工委主题教育办公室` : `${d.shortName}主题教育办公室`;
    p.add(district, {
      name: officeName,
      shortName: `${d.prefix}主题教育办`,
      kind: 'office',
      category: 'district-party',
      staffing: 'office',
    });
    const townships = words(d.townships).slice(0, isZone ? rng.int(3, 4) : rng.int(3, 6));
    for (const t of townships) {
      const isStreet = t.endsWith('街道');
      const town = p.add(district, {
        name: `${d.prefix}${t}${isStreet ? '党工委' : '党委'}`,
        shortName: t,
        kind: isStreet ? 'street' : 'township',
        category: isStreet ? 'street' : 'township',
      });
      p.add(town, {
        name: `${d.prefix}${t}机关党支部`,
        shortName: '机关党支部',
        kind: 'branch',
        category: 'branch-organ',
      });
      const stems = rng.sample(words(isStreet ? COMMUNITY_STEMS : VILLAGE_STEMS), rng.int(2, 5));
      for (const stem of stems) {
        const unit = isStreet ? `${stem}社区` : `${stem}村`;
        // Larger communities and villages have a 党委/党总支 with branches under it; smaller ones are one branch.
        const branches = rng.chance(isStreet ? 0.3 : 0.15) ? rng.int(2, 3) : 0;
        const suffix = branches === 0 ? '党支部' : isStreet ? '党委' : '党总支';
        const cell = p.add(town, {
          name: `${d.prefix}${t}${unit}${suffix}`,
          shortName: unit,
          kind: isStreet ? 'community' : 'village',
          category: isStreet ? 'community' : 'village',
          staffing: branches === 0 ? 'members' : 'leadership',
        });
        for (let i = 0; i < branches; i++) {
          p.add(cell, {
            name: `${d.prefix}${t}${unit}${ordinalBranch(i)}`,
            shortName: ordinalBranch(i),
            kind: 'branch',
            category: isStreet ? 'branch-urban' : 'branch-rural',
          });
        }
      }
    }
    for (const dept of words(d.departments).slice(0, rng.int(2, 4))) {
      const org = p.add(district, {
        name: `${d.prefix}${dept}`,
        shortName: null,
        kind: 'department',
        category: 'district-dept',
      });
      const n = rng.int(1, 2);
      for (let i = 0; i < n; i++) {
        p.add(org, {
          name: n === 1 ? `${d.prefix}${dept}机关党支部` : `${d.prefix}${dept}机关${ordinalBranch(i)}`,
          shortName: n === 1 ? '机关党支部' : `机关${ordinalBranch(i)}`,
          kind: 'branch',
          category: 'branch-organ',
        });
      }
    }
  }

  for (const entry of words(CITY_DEPARTMENTS)) {
    const [name, shortName] = entry.split('|');
    const dept = p.add(root, {
      name,
      shortName: shortName === name ? null : shortName,
      kind: 'department',
      category: 'city-dept',
    });
    const n = rng.int(1, 4);
    for (let i = 0; i < n; i++) {
      // The last of three or more is the retirees' branch, as in most city departments.
      const retirees = n >= 3 && i === n - 1;
      const branch = n === 1 ? '机关党支部' : retirees ? '离退休干部党支部' : `机关${ordinalBranch(i)}`;
      p.add(dept, { name: `${name}${branch}`, shortName: branch, kind: 'branch', category: 'branch-organ' });
    }
  }

  for (const inst of INSTITUTIONS) {
    const org = p.add(root, {
      name: inst.name,
      shortName: inst.shortName,
      kind: inst.kind,
      category: inst.kind,
    });
    for (const b of words(inst.branches)) {
      p.add(org, {
        name: `${inst.kind === 'enterprise' ? inst.shortName : inst.name}${b}`,
        shortName: b,
        kind: 'branch',
        category: `branch-${inst.kind}`,
      });
    }
  }
  return p.orgs;
}

const surnames = [...SURNAMES];
const male = [...GIVEN_MALE];
const female = [...GIVEN_FEMALE];
const neutral = [...GIVEN_NEUTRAL];
const phonePrefixes = words(PHONE_PREFIXES);

class PeoplePlanner {
  readonly people: PlannedPerson[] = [];
  private phones = new Set<string>();
  constructor(private rng: Rng) {}

  name(gender: '男' | '女'): string {
    const r = this.rng;
    // Skewed towards the front of the list: common surnames come up more often.
    const surname = surnames[Math.floor(surnames.length * r.next() ** 1.8)];
    const own = gender === '男' ? male : female;
    if (r.chance(0.3)) return surname + r.pick(own);
    const first = r.pick(r.chance(0.35) ? neutral : own);
    let second = r.pick(own);
    while (second === first) second = r.pick(own);
    return surname + first + second;
  }

  phone(): string {
    for (;;) {
      const digits = String(this.rng.int(0, 99_999_999)).padStart(8, '0');
      const phone = this.rng.pick(phonePrefixes) + digits;
      if (!this.phones.has(phone)) {
        this.phones.add(phone);
        return phone;
      }
    }
  }

  add(
    orgKey: number,
    position: string,
    opts: { female?: number; status?: PlannedPerson['politicalStatus'] } = {},
  ) {
    const gender = this.rng.chance(opts.female ?? 0.4) ? '女' : '男';
    let status = opts.status;
    if (!status) status = this.rng.chance(0.06) ? '中共预备党员' : '中共党员';
    this.people.push({
      orgKey,
      name: this.name(gender),
      gender,
      position,
      politicalStatus: status,
      phone: this.phone(),
    });
  }
}

/** The people of every org: leaders of the committees and offices, members of the branches. */
export function planPeople(orgs: readonly PlannedOrg[], seed = 20231031): PlannedPerson[] {
  const rng = new Rng(seed);
  const pp = new PeoplePlanner(rng);
  const party = { status: '中共党员' as const };
  for (const o of orgs) {
    switch (o.staffing) {
      case 'committee':
        pp.add(o.key, '书记', { female: 0.15, ...party });
        pp.add(o.key, '副书记', { female: 0.25, ...party });
        pp.add(o.key, '副书记', { female: 0.25, ...party });
        break;
      case 'office':
        pp.add(o.key, '主任', { female: 0.25, ...party });
        for (let i = rng.int(1, 2); i > 0; i--) pp.add(o.key, '副主任', party);
        for (let i = rng.int(2, 4); i > 0; i--) pp.add(o.key, '科员');
        break;
      case 'group':
        pp.add(o.key, '组长', { female: 0.3, ...party });
        pp.add(o.key, '副组长', party);
        for (let i = rng.int(2, 3); i > 0; i--) pp.add(o.key, '组员');
        break;
      case 'leadership':
        pp.add(o.key, '书记', { female: 0.25, ...party });
        if (rng.chance(0.6)) pp.add(o.key, '副书记', party);
        pp.add(o.key, '组织委员', party);
        pp.add(o.key, '纪检委员', party);
        break;
      case 'members': {
        // Branches of seven or more members elect a committee (支委会); smaller ones have a secretary only.
        const size = rng.int(3, 8);
        pp.add(o.key, '书记', { female: 0.3, ...party });
        let filled = 1;
        if (size >= 7) {
          if (rng.chance(0.4)) {
            pp.add(o.key, '副书记', party);
            filled++;
          }
          for (const committee of ['组织委员', '宣传委员', '纪检委员']) pp.add(o.key, committee, party);
          filled += 3;
        }
        for (; filled < size; filled++) pp.add(o.key, '党员');
        if (rng.chance(0.25)) {
          const status = rng.chance(0.5) ? '共青团员' : '群众';
          pp.add(o.key, '入党积极分子', { female: 0.5, status });
        }
        if (o.kind === 'community' && rng.chance(0.5))
          pp.add(o.key, '网格员', { female: 0.6, status: '群众' });
        break;
      }
    }
  }
  return pp.people;
}
