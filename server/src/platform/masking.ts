/** 13812345678 → 138****5678; other lengths keep the first 3 and last 4 where they can. */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return phone ?? null;
  const digits = phone.trim();
  if (digits.length <= 7) return '*'.repeat(digits.length);
  return digits.slice(0, 3) + '*'.repeat(digits.length - 7) + digits.slice(-4);
}

/** 张三 → 张*, 欧阳娜娜 → 欧***. */
export function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? name : chars[0] + '*'.repeat(chars.length - 1);
}

/** 110101199003071234 → 110101********1234 (15- and 18-digit resident ID numbers). */
export function maskIdNumber(id: string): string {
  return id.length <= 10 ? '*'.repeat(id.length) : id.slice(0, 6) + '*'.repeat(id.length - 10) + id.slice(-4);
}

const ID_RE = /(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])/g;
const MOBILE_RE = /(?<!\d)(?:\+?86[-\s]?)?(1[3-9]\d[-\s]?\d{4}[-\s]?\d{4})(?!\d)/g;
const LANDLINE_RE = /(?<!\d)(0\d{2,3}-?\d{7,8})(?!\d)/g;
/** Characters that end a name: particles and verbs that commonly follow one. */
const NAME_CHAR = '(?:(?![也和与及说反称在是了的等都还又就向给把被对从为已曾多要让叫])[\\u4e00-\\u9fa5·])';
/**
 * A name introduced in the text: 我叫张三, 姓名：李四, 联系人王五, 本人赵六, 邻居司马光明, 工作人员刘某某.
 * Errs towards masking: a following character may be masked with the name.
 */
const NAMED_RE = new RegExp(
  `(我叫|我是|姓名[:：]?\\s*|联系人[:：]?\\s*|本人|署名[:：]?\\s*|邻居|同事|朋友|丈夫|妻子|儿子|女儿|父亲|母亲|` +
    `业主|村民|居民|市民|经办人|负责人|工作人员|网格员|社区干部)(${NAME_CHAR}{2,4})`,
  'g',
);

/**
 * Masks what identifies a person inside free text before anything is shown to the public: mobile and landline
 * numbers, ID numbers, names introduced as names, and the names given in `names` wherever they occur.
 */
export function maskText(text: string, names: (string | null | undefined)[] = []): string {
  let out = text.replace(ID_RE, (m) => maskIdNumber(m));
  out = out.replace(MOBILE_RE, (m) => {
    const digits = m.replace(/\D/g, '').slice(-11);
    return maskPhone(digits) ?? '';
  });
  out = out.replace(LANDLINE_RE, (m) => maskPhone(m.replace('-', '')) ?? '');
  out = out.replace(NAMED_RE, (_m, lead: string, name: string) => lead + maskName(name));
  for (const n of names) {
    const name = n?.trim();
    if (name && [...name].length >= 2) out = out.split(name).join(maskName(name));
  }
  return out;
}
