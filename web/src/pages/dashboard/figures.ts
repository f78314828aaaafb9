import type { DashboardParts } from '../../api/dashboard';

/** A share in percent with one decimal, as the opinion rates come from the server; null when d is 0. */
export const percent = (n: number, d: number): number | null => (d ? Math.round((n * 1000) / d) / 10 : null);

export const fmtPercent = (v: number | null | undefined): string =>
  v === null || v === undefined ? '—' : `${v}%`;

export const OPEN_LIGHTS = ['red', 'yellow', 'blue', 'green'] as const;
export type OpenLight = (typeof OPEN_LIGHTS)[number];

/** The ledger pages' light colours (the home page's statistics and the preset tags red / gold / blue / green). */
export const LIGHT_HEX: Record<OpenLight, string> = {
  red: '#cf1322',
  yellow: '#d4b106',
  blue: '#1677ff',
  green: '#389e0d',
};

export interface ProblemFigures {
  /** as the ledger's 分级汇总 counts them: drafts and cancelled problems left out */
  counted: number;
  draft: number;
  cancelled: number;
  signedOff: number;
  /** 销号率 = signed off / counted */
  signOffRate: number | null;
  /** 按期销号率 = signed off on time / signed off */
  onTimeRate: number | null;
  /** open and in progress: the ones that carry a light */
  open: number;
  light: Record<OpenLight, number>;
}

export interface AssignmentFigures {
  total: number;
  accepted: number;
  /** 完成率 = accepted (已审结) / all */
  completionRate: number | null;
  byStatus: Record<string, number>;
}

export interface Figures {
  problems: ProblemFigures | null;
  assignments: AssignmentFigures | null;
  opinions: DashboardParts['opinions'];
}

/** What the page shows, derived from the server's counts only. */
export function figures(p: DashboardParts): Figures {
  let problems: ProblemFigures | null = null;
  if (p.problems) {
    const n = (s: string) => p.problems?.byStatus[s]?.total ?? 0;
    const counted = p.problems.total - n('draft') - n('cancelled');
    problems = {
      counted,
      draft: n('draft'),
      cancelled: n('cancelled'),
      signedOff: n('signed_off'),
      signOffRate: percent(n('signed_off'), counted),
      onTimeRate: percent(p.problems.onTime, n('signed_off')),
      open: n('open') + n('in_progress'),
      light: {
        red: p.problems.light.red,
        yellow: p.problems.light.yellow,
        blue: p.problems.light.blue,
        green: p.problems.light.green,
      },
    };
  }
  const a = p.assignments;
  const accepted = a?.byStatus.accepted ?? 0;
  return {
    problems,
    assignments: a && {
      total: a.total,
      accepted,
      completionRate: percent(accepted, a.total),
      byStatus: a.byStatus,
    },
    opinions: p.opinions,
  };
}
