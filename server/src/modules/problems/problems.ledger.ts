/**
 * The 整改台账 as offices keep it: the columns, and how one problem becomes cells and cells become one problem
 * again. Pure, so export → import round-trips by construction and is unit-testable.
 */
import { rowCellsXml, XF } from '../../platform/xlsx-writer.js';
import { STATE_LABELS, type ProblemState } from './problems.machine.js';
import { MEASURE_TYPES, SOURCES, type MeasureType, type Source } from './problems.schemas.js';

export const LEDGER_COLUMNS = [
  { header: '序号', width: 6 },
  { header: '问题编号', width: 16 },
  { header: '问题来源', width: 10 },
  { header: '问题类别', width: 10 },
  { header: '问题表现', width: 40 },
  { header: '根源剖析', width: 36 },
  { header: '整改目标', width: 28 },
  { header: '整改措施', width: 44 },
  { header: '整改类型', width: 10 },
  { header: '责任领导', width: 10 },
  { header: '责任单位', width: 22 },
  { header: '责任人', width: 10 },
  { header: '整改时限', width: 14 },
  { header: '整改进展', width: 36 },
  { header: '整改状态', width: 12 },
  { header: '佐证材料', width: 20 },
  { header: '建章立制', width: 24 },
  { header: '销号情况', width: 30 },
  { header: '是否公开', width: 8 },
] as const;
export type LedgerColumn = (typeof LEDGER_COLUMNS)[number]['header'];

/** Header spellings seen in offices' own ledgers, mapped to our columns. */
export const HEADER_VARIANTS: Record<LedgerColumn, string[]> = {
  序号: ['序号', '编号'],
  问题编号: ['问题编号', '问题编码'],
  问题来源: ['问题来源', '来源'],
  问题类别: ['问题类别', '问题类型', '类别', '问题分类'],
  问题表现: ['问题表现', '问题描述', '具体问题', '问题内容', '存在问题'],
  根源剖析: ['根源剖析', '原因分析', '问题根源', '原因剖析'],
  整改目标: ['整改目标', '目标'],
  整改措施: ['整改措施', '措施', '具体措施'],
  整改类型: ['整改类型', '措施类型'],
  责任领导: ['责任领导', '牵头领导', '分管领导'],
  责任单位: ['责任单位', '牵头单位', '责任部门'],
  责任人: ['责任人', '具体责任人'],
  整改时限: ['整改时限', '完成时限', '整改期限', '完成时间', '时限'],
  整改进展: ['整改进展', '进展情况', '整改情况', '整改进度'],
  整改状态: ['整改状态', '状态', '完成情况'],
  佐证材料: ['佐证材料', '佐证'],
  建章立制: ['建章立制', '制度建设', '建立制度'],
  销号情况: ['销号情况', '销号', '验收情况'],
  是否公开: ['是否公开', '公开'],
};

/** 2023-10-31 → 2023年10月31日 */
export function cnDate(iso: string | null | undefined): string {
  if (!iso) return '';
  // the usual zero-padded form without split/map: this runs several times per exported row
  if (iso.length >= 10 && iso[4] === '-' && iso[7] === '-')
    return `${+iso.slice(0, 4)}年${+iso.slice(5, 7)}月${+iso.slice(8, 10)}日`;
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** 2023年10月31日, 2023.10.31, 2023/10/31, 2023-10-31 or an Excel serial → 2023-10-31; undefined when invalid. */
export function parseDate(text: string): string | undefined {
  const t = text.trim();
  if (/^\d{5}(\.\d+)?$/.test(t)) {
    const n = Math.floor(Number(t));
    if (n < 20000 || n > 80000) return undefined;
    return new Date(Date.UTC(1899, 11, 30) + n * 86_400_000).toISOString().slice(0, 10);
  }
  const m = /^(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?$/.exec(t);
  if (!m) return undefined;
  const iso = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : undefined;
}

export interface LedgerMeasure {
  text: string;
  type: MeasureType;
  deadline: string | null;
  ownerName: string;
  progress: string;
  done: boolean;
}

export interface LedgerProblem {
  number: string;
  source: Source;
  category: string;
  title: string;
  manifestation: string;
  causeSubjective: string;
  causeSystemic: string;
  target: string;
  measures: LedgerMeasure[];
  leaderName: string;
  orgName: string;
  personName: string;
  deadline: string;
  resultText: string;
  status: ProblemState;
  files: string[];
  rules: string[];
  signOff: { date: string; name: string; opinion: string } | null;
  isPublic: boolean;
}

const SUBJ = '主观原因：';
const SYS = '体制机制：';
const FILE = '附件：';
const RESULT = '整改结果：';

/** 佐证材料: one line per evidence file, then the written result (which may run over several lines). */
export function evidenceCell(files: string[], resultText: string): string {
  return [...files.map((f) => FILE + f), resultText && RESULT + resultText].filter(Boolean).join('\n');
}

/** The written result in a 佐证材料 cell: after 整改结果：, or, in an office's own ledger, any text besides 附件 lines. */
export function resultFromEvidence(cell: string): string {
  const rest = cell
    .split(/\r?\n/)
    .filter((l) => !l.trim().startsWith(FILE))
    .join('\n')
    .trim();
  return rest.startsWith(RESULT) ? rest.slice(RESULT.length).trim() : rest;
}

/** One problem as the cells of one ledger row (after 序号). */
export function toCells(p: LedgerProblem): string[] {
  const shows = p.manifestation.startsWith(p.title) ? p.manifestation : `【${p.title}】${p.manifestation}`;
  const causes = [p.causeSubjective && SUBJ + p.causeSubjective, p.causeSystemic && SYS + p.causeSystemic]
    .filter(Boolean)
    .join('\n');
  const measures = p.measures
    .map((m, i) => {
      const tags = [
        m.deadline ? `时限：${cnDate(m.deadline)}` : '',
        m.ownerName ? `责任人：${m.ownerName}` : '',
        m.done ? '已完成' : '',
      ].filter(Boolean);
      return `${i + 1}. ${m.text}${tags.length ? `（${tags.join('；')}）` : ''}`;
    })
    .join('\n');
  const progress = p.measures
    .map((m, i) => (m.progress ? `【措施${i + 1}】${m.progress}` : ''))
    .filter(Boolean)
    .join('\n');
  return [
    p.number,
    SOURCES[p.source],
    p.category,
    shows,
    causes,
    p.target,
    measures,
    p.measures.map((m) => MEASURE_TYPES[m.type]).join('\n'),
    p.leaderName,
    p.orgName,
    p.personName,
    cnDate(p.deadline),
    progress,
    STATE_LABELS[p.status],
    evidenceCell(p.files, p.resultText),
    p.rules.join('\n'),
    p.signOff ? `${cnDate(p.signOff.date)}；验收人：${p.signOff.name}；意见：${p.signOff.opinion}` : '',
    p.isPublic ? '是' : '否',
  ];
}

/**
 * One problem's ledger row from column B on, as the export writes it: the cells of `toCells` in the data
 * rows' style, without cell references and safe for COPY text format (what ledger_rows stores).
 */
export function ledgerRowXml(p: LedgerProblem): string {
  return rowCellsXml(toCells(p), XF.bodyWrap);
}

export interface CellProblem {
  errors: { column: LedgerColumn; message: string }[];
  value: Omit<LedgerProblem, 'files'>;
}

const byLabel = <K extends string>(labels: Record<K, string>, text: string) =>
  (Object.keys(labels) as K[]).find((k) => labels[k] === text.trim());

const lines = (s: string) =>
  s
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

function parseMeasure(line: string): Omit<LedgerMeasure, 'type' | 'progress'> | string {
  let text = line.replace(/^\d+\s*[.、．)）]\s*/, '');
  const m = /（([^（）]*)）$/.exec(text);
  let deadline: string | null = null;
  let ownerName = '';
  let done = false;
  if (m) {
    const parts = m[1].split('；').map((x) => x.trim());
    const known = parts.every((x) => x === '已完成' || x.startsWith('时限：') || x.startsWith('责任人：'));
    if (known) {
      for (const x of parts) {
        if (x === '已完成') done = true;
        else if (x.startsWith('责任人：')) ownerName = x.slice(4);
        else {
          const d = parseDate(x.slice(3));
          if (!d) return `措施时限“${x.slice(3)}”不是有效日期`;
          deadline = d;
        }
      }
      text = text.slice(0, m.index).trim();
    }
  }
  return { text, deadline, ownerName, done };
}

/** One ledger row's cells, by column, back into a problem; every bad cell becomes an error. */
export function fromCells(c: Record<LedgerColumn, string>): CellProblem {
  const errors: CellProblem['errors'] = [];
  const err = (column: LedgerColumn, message: string) => errors.push({ column, message });
  const source = c.问题来源 ? byLabel(SOURCES, c.问题来源) : 'self';
  if (!source) err('问题来源', `应为：${Object.values(SOURCES).join('、')}`);
  if (!c.问题类别) err('问题类别', '请填写问题类别');
  let shows = c.问题表现;
  let title = '';
  const bracket = /^【([^】]+)】/.exec(shows);
  if (bracket) {
    title = bracket[1];
    shows = shows.slice(bracket[0].length);
  } else title = (shows.split(/[，。；,;\n]/)[0] ?? '').slice(0, 60);
  if (!title) err('问题表现', '请填写问题表现');
  let causeSubjective = '';
  let causeSystemic = '';
  for (const part of c.根源剖析.split(/\n(?=主观原因：|体制机制：)/)) {
    if (part.startsWith(SYS)) causeSystemic = part.slice(SYS.length);
    else causeSubjective = part.startsWith(SUBJ) ? part.slice(SUBJ.length) : part;
  }
  const typeLines = lines(c.整改类型);
  const types: MeasureType[] = [];
  for (const t of typeLines) {
    const code = byLabel(MEASURE_TYPES, t);
    if (!code) err('整改类型', `“${t}”应为：立行立改、限期整改、长期坚持`);
    else types.push(code);
  }
  const progressLines = c.整改进展.split(/\n(?=【措施\d+】)/);
  // The written result lives in 佐证材料; an office ledger's free progress text (before any 【措施n】) is kept too.
  const freeProgress = progressLines[0]?.startsWith('【措施') ? '' : (progressLines[0]?.trim() ?? '');
  const resultText = [resultFromEvidence(c.佐证材料), freeProgress].filter(Boolean).join('\n');
  const measureLines = lines(c.整改措施);
  if (types.length > 1 && types.length !== measureLines.length)
    err('整改类型', `整改类型有${types.length}行，整改措施有${measureLines.length}行，应逐行对应`);
  const measures: LedgerMeasure[] = [];
  measureLines.forEach((line, i) => {
    const m = parseMeasure(line);
    if (typeof m === 'string') return err('整改措施', `第${i + 1}行：${m}`);
    const progress =
      progressLines.find((p) => p.startsWith(`【措施${i + 1}】`))?.replace(/^【措施\d+】/, '') ?? '';
    measures.push({ ...m, type: types[i] ?? types[0] ?? 'by_deadline', progress });
  });
  const deadline = parseDate(c.整改时限);
  if (!deadline) err('整改时限', c.整改时限 ? `“${c.整改时限}”不是有效日期` : '请填写整改时限');
  const status = c.整改状态 ? byLabel(STATE_LABELS, c.整改状态) : 'open';
  if (!status) err('整改状态', '应为：待整改、整改中、已完成待验收、已销号');
  if (!c.责任单位) err('责任单位', '请填写责任单位');
  let signOff: CellProblem['value']['signOff'] = null;
  if (c.销号情况) {
    const m = /^(.+?)；验收人：(.*?)；意见：([\s\S]*)$/.exec(c.销号情况);
    const date = m ? parseDate(m[1]) : parseDate(c.销号情况.split(/[；;\s]/)[0] ?? '');
    if (!date) err('销号情况', '应以销号日期开头，如：2023年12月20日；验收人：张三；意见：同意销号');
    signOff = { date: date ?? '', name: m?.[2] ?? '', opinion: m?.[3] ?? c.销号情况 };
  }
  const pub = c.是否公开.trim();
  if (pub && !['是', '否'].includes(pub)) err('是否公开', '应为：是 或 否');
  return {
    errors,
    value: {
      number: c.问题编号,
      source: source ?? 'self',
      category: c.问题类别,
      title,
      manifestation: bracket ? shows : c.问题表现,
      causeSubjective,
      causeSystemic,
      target: c.整改目标,
      measures,
      leaderName: c.责任领导,
      orgName: c.责任单位,
      personName: c.责任人,
      deadline: deadline ?? '',
      resultText,
      status: status ?? 'open',
      rules: lines(c.建章立制),
      signOff,
      isPublic: pub === '是',
    },
  };
}
