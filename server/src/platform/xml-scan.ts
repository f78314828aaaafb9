/*
 * A forward-only scanner over the tags of an XML document held as one decoded string, for the SpreadsheetML
 * parts: no DOM, no DTD, no entity definitions (only the five predefined entities and character references).
 * Element and attribute names are compared without their namespace prefix (x:row and row are the same).
 */

export class XmlError extends Error {}

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Replaces &amp; &lt; &gt; &quot; &apos; and &#…; / &#x…; references (astral ones too); others stay as they are. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos);/g, (m, ref: string) => {
    if (ref.charCodeAt(0) !== 35) return PREDEFINED[ref];
    const cp = ref.charCodeAt(1) === 120 ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    // XML allows no references to NUL or to surrogate code points: those stay as written
    return cp > 0 && cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) ? String.fromCodePoint(cp) : m;
  });
}

/** Excel's escape for characters XML cannot carry: _x000D_ is a carriage return. */
export const decodeOoxmlEscapes = (s: string) =>
  s.includes('_x')
    ? s.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)))
    : s;

/** XML line-end normalisation of literal text; a CR written as &#13; is kept. */
const eol = (t: string) => (t.includes('\r') ? t.replace(/\r\n?/g, '\n') : t);

const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

export class XmlTags {
  /** local name of the current tag */
  name = '';
  closing = false;
  selfClosing = false;
  private attrStart = 0;
  private attrEnd = 0;

  /** `pos`: where to start looking for tags (the start of a tag or of character data) */
  constructor(
    private readonly s: string,
    private pos = 0,
  ) {}

  /** Advances to the next element tag (open, close or empty); false at the end of the document. */
  next(): boolean {
    const s = this.s;
    for (;;) {
      const lt = s.indexOf('<', this.pos);
      if (lt < 0) {
        this.pos = s.length;
        return false;
      }
      const c = s.charCodeAt(lt + 1);
      if (c === 33 || c === 63) {
        // <!-- comment -->, <![CDATA[ … ]]> outside text we read, <!DOCTYPE …>, <?xml …?>
        const close = s.startsWith('<!--', lt) ? '-->' : s.startsWith('<![CDATA[', lt) ? ']]>' : '>';
        const end = s.indexOf(close, lt + 2);
        if (end < 0) throw new XmlError('unterminated markup');
        this.pos = end + close.length;
        continue;
      }
      this.closing = c === 47;
      let i = this.closing ? lt + 2 : lt + 1;
      let local = i;
      const n = s.length;
      for (; i < n; i++) {
        const ch = s.charCodeAt(i);
        if (ch === 62 || ch === 47 || isSpace(ch)) break;
        if (ch === 58) local = i + 1;
      }
      this.name = s.slice(local, i);
      this.attrStart = i;
      let quote = 0;
      for (; i < n; i++) {
        const ch = s.charCodeAt(i);
        if (quote) {
          if (ch === quote) quote = 0;
        } else if (ch === 34 || ch === 39) quote = ch;
        else if (ch === 62) break;
      }
      if (i >= n) throw new XmlError('unterminated tag');
      this.selfClosing = s.charCodeAt(i - 1) === 47;
      this.attrEnd = this.selfClosing ? i - 1 : i;
      this.pos = i + 1;
      return true;
    }
  }

  /** The value of the current tag's attribute with this local name (any prefix), entity-decoded. */
  attr(name: string): string | undefined {
    const s = this.s;
    const end = this.attrEnd;
    let i = this.attrStart;
    while (i < end) {
      while (i < end && isSpace(s.charCodeAt(i))) i++;
      if (i >= end) break;
      let local = i;
      for (; i < end; i++) {
        const ch = s.charCodeAt(i);
        if (ch === 61 || isSpace(ch)) break;
        if (ch === 58) local = i + 1;
      }
      const nameEnd = i;
      while (i < end && s.charCodeAt(i) !== 61) i++;
      i++;
      while (i < end && isSpace(s.charCodeAt(i))) i++;
      const q = s.charCodeAt(i);
      if (q !== 34 && q !== 39) throw new XmlError('bad attribute');
      const valueEnd = s.indexOf(q === 34 ? '"' : "'", i + 1);
      if (valueEnd < 0 || valueEnd > end) throw new XmlError('bad attribute');
      if (nameEnd - local === name.length && s.startsWith(name, local))
        return decodeEntities(s.slice(i + 1, valueEnd));
      i = valueEnd + 1;
    }
    return undefined;
  }

  /**
   * The character data after the current open tag up to the next element tag: entities decoded, CDATA kept
   * verbatim, comments dropped, literal line ends normalised as an XML parser does. Empty after a self-closing tag.
   */
  text(): string {
    if (this.selfClosing) return '';
    const s = this.s;
    let out = '';
    let p = this.pos;
    for (;;) {
      const lt = s.indexOf('<', p);
      if (lt < 0) throw new XmlError('unterminated element');
      out += decodeEntities(eol(s.slice(p, lt)));
      if (s.startsWith('<![CDATA[', lt)) {
        const end = s.indexOf(']]>', lt + 9);
        if (end < 0) throw new XmlError('unterminated CDATA');
        out += eol(s.slice(lt + 9, end));
        p = end + 3;
      } else if (s.startsWith('<!--', lt)) {
        const end = s.indexOf('-->', lt + 4);
        if (end < 0) throw new XmlError('unterminated comment');
        p = end + 3;
      } else {
        this.pos = lt;
        return out;
      }
    }
  }
}
