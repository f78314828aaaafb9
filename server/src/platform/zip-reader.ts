import { inflateRawSync } from 'node:zlib';

/*
 * Just enough of ZIP (APPNOTE 6.3) to read an uploaded .xlsx from memory: the central directory, stored and
 * deflated entries. Anything else — encryption, ZIP64, split archives, other methods — is refused, and the
 * total inflated size and the entry count are capped so that a small upload cannot expand without bound.
 */

export class ZipError extends Error {}

export interface ZipLimits {
  /** total bytes all inflated entries may reach together */
  maxTotalBytes: number;
  maxEntries: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxTotalBytes: 200 * 1024 * 1024, maxEntries: 10_000 };

interface Entry {
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const EOCD_SIG = 0x06054b50;
const CEN_SIG = 0x02014b50;
const LOC_SIG = 0x04034b50;
const EOCD_LEN = 22;

export class ZipReader {
  private readonly entries = new Map<string, Entry>();
  private inflated = 0;

  constructor(
    private readonly buf: Buffer,
    private readonly limits: ZipLimits = DEFAULT_ZIP_LIMITS,
  ) {
    const eocd = findEocd(buf);
    const [disk, cdDisk, onDisk, count] = u16s(buf, eocd, [4, 6, 8, 10]);
    const [cdSize, cdOffset] = u32s(buf, eocd, [12, 16]);
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff)
      throw new ZipError('不支持 ZIP64 格式');
    if (disk !== 0 || cdDisk !== 0 || onDisk !== count) throw new ZipError('不支持分卷压缩文件');
    if (count > limits.maxEntries) throw new ZipError(`压缩包内文件超过 ${limits.maxEntries} 个`);
    if (cdOffset + cdSize > eocd) throw new ZipError('压缩包目录损坏');
    let declared = 0;
    let p = cdOffset;
    for (let i = 0; i < count; i++) {
      if (p + 46 > eocd || buf.readUInt32LE(p) !== CEN_SIG) throw new ZipError('压缩包目录损坏');
      const [flags, method, nameLen, extraLen, commentLen] = u16s(buf, p, [8, 10, 28, 30, 32]);
      const [compressedSize, size, localOffset] = u32s(buf, p, [20, 24, 42]);
      if (p + 46 + nameLen > eocd) throw new ZipError('压缩包目录损坏');
      // names in an .xlsx are ASCII part names; bit 11 marks UTF-8, otherwise CP437 (same for ASCII)
      const name = buf.toString(flags & 0x800 ? 'utf8' : 'latin1', p + 46, p + 46 + nameLen);
      if (flags & 0x41) throw new ZipError(`${name} 已加密`);
      if (method !== 0 && method !== 8) throw new ZipError(`${name} 使用了不支持的压缩方式 ${method}`);
      if (size === 0xffffffff || compressedSize === 0xffffffff || localOffset === 0xffffffff)
        throw new ZipError('不支持 ZIP64 格式');
      if (method === 0 && size !== compressedSize) throw new ZipError(`${name} 大小不一致`);
      declared += size;
      if (declared > limits.maxTotalBytes)
        throw new ZipError(`解压后超过 ${Math.round(limits.maxTotalBytes / 1048576)} MB`);
      // part names are case-insensitive (OPC); the first of duplicates wins
      const key = name.replace(/^\/+/, '').toLowerCase();
      if (!this.entries.has(key)) this.entries.set(key, { method, compressedSize, size, localOffset });
      p += 46 + nameLen + extraLen + commentLen;
    }
  }

  has(name: string): boolean {
    return this.entries.has(name.toLowerCase());
  }

  /** The entry's bytes, or undefined when the archive has no such entry. */
  read(name: string): Buffer | undefined {
    const e = this.entries.get(name.toLowerCase());
    if (!e) return undefined;
    const { buf } = this;
    const p = e.localOffset;
    if (p + 30 > buf.length || buf.readUInt32LE(p) !== LOC_SIG) throw new ZipError(`${name} 文件头损坏`);
    const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
    const end = start + e.compressedSize;
    if (end > buf.length) throw new ZipError(`${name} 不完整（文件被截断？）`);
    const budget = this.limits.maxTotalBytes - this.inflated;
    if (e.size > budget)
      throw new ZipError(`解压后超过 ${Math.round(this.limits.maxTotalBytes / 1048576)} MB`);
    let out: Buffer;
    if (e.method === 0) out = buf.subarray(start, end);
    else {
      try {
        // the declared size bounds the output: a lying header cannot make it inflate further
        // one output chunk of the declared size: no copying chunks together afterwards
        const size = Math.max(e.size, 64);
        out = inflateRawSync(buf.subarray(start, end), { maxOutputLength: size, chunkSize: size });
      } catch {
        throw new ZipError(`${name} 已损坏或解压后大于声明的大小`);
      }
    }
    if (out.length !== e.size) throw new ZipError(`${name} 解压后大小与目录不符`);
    this.inflated += out.length;
    return out;
  }
}

const u16s = (buf: Buffer, at: number, offsets: number[]) => offsets.map((o) => buf.readUInt16LE(at + o));
const u32s = (buf: Buffer, at: number, offsets: number[]) => offsets.map((o) => buf.readUInt32LE(at + o));

/** The end-of-central-directory record: the last signature whose comment fits in the file. */
function findEocd(buf: Buffer): number {
  const min = Math.max(0, buf.length - EOCD_LEN - 0xffff);
  for (let p = buf.length - EOCD_LEN; p >= min; p--) {
    if (buf.readUInt32LE(p) === EOCD_SIG && p + EOCD_LEN + buf.readUInt16LE(p + 20) <= buf.length) return p;
  }
  throw new ZipError('找不到压缩包目录（文件被截断？）');
}
