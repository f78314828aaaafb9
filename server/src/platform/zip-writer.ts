/**
 * The records of a zip archive as a streaming writer emits them (xlsx-writer.ts): every entry has a local
 * header; an entry whose size is unknown until its end sets flag bit 3 and is followed by a data descriptor; the
 * central directory closes the file. Deflate only, no zip64. The reading side is zip-reader.ts.
 */

export interface ZipEntry {
  name: Buffer;
  flags: number;
  crc: number;
  compressed: number;
  size: number;
  /** where its local header starts */
  offset: number;
}

export interface DosStamp {
  date: number;
  time: number;
}

/** CRC and sizes follow the data in a data descriptor. */
export const FLAG_DESCRIPTOR = 0x0008;
/** The name is UTF-8. */
export const FLAG_UTF8 = 0x0800;

/** MS-DOS date and time of `d` (local time, 2-second resolution), as zip headers carry them. */
export function dosDateTime(d: Date): DosStamp {
  const year = Math.max(1980, d.getFullYear());
  return {
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1),
  };
}

/** The local file header and name of a deflated entry. */
export function localHeader(e: ZipEntry, stamp: DosStamp): Buffer {
  const h = Buffer.alloc(30);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(20, 4); // version needed: deflate
  h.writeUInt16LE(e.flags, 6);
  h.writeUInt16LE(8, 8); // deflate
  h.writeUInt16LE(stamp.time, 10);
  h.writeUInt16LE(stamp.date, 12);
  // with a data descriptor, CRC and sizes are zero here and follow the data
  const known = !(e.flags & FLAG_DESCRIPTOR);
  h.writeUInt32LE(known ? e.crc : 0, 14);
  h.writeUInt32LE(known ? e.compressed : 0, 18);
  h.writeUInt32LE(known ? e.size : 0, 22);
  h.writeUInt16LE(e.name.length, 26);
  h.writeUInt16LE(0, 28);
  return Buffer.concat([h, e.name]);
}

/** The data descriptor after an entry written with FLAG_DESCRIPTOR. */
export function dataDescriptor(e: ZipEntry): Buffer {
  const dd = Buffer.alloc(16);
  dd.writeUInt32LE(0x08074b50, 0);
  dd.writeUInt32LE(e.crc, 4);
  dd.writeUInt32LE(e.compressed, 8);
  dd.writeUInt32LE(e.size, 12);
  return dd;
}

/** The central directory of `entries` and its end record, written at offset `start`. */
export function centralDirectory(entries: readonly ZipEntry[], stamp: DosStamp, start: number): Buffer {
  const parts: Buffer[] = [];
  let size = 0;
  for (const e of entries) {
    const h = Buffer.alloc(46);
    h.writeUInt32LE(0x02014b50, 0);
    h.writeUInt16LE(20, 4); // made by: MS-DOS, spec 2.0
    h.writeUInt16LE(20, 6);
    h.writeUInt16LE(e.flags, 8);
    h.writeUInt16LE(8, 10);
    h.writeUInt16LE(stamp.time, 12);
    h.writeUInt16LE(stamp.date, 14);
    h.writeUInt32LE(e.crc, 16);
    h.writeUInt32LE(e.compressed, 20);
    h.writeUInt32LE(e.size, 24);
    h.writeUInt16LE(e.name.length, 28);
    // extra, comment, disk, internal and external attributes: all zero
    h.writeUInt32LE(e.offset, 42);
    parts.push(h, e.name);
    size += h.length + e.name.length;
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(size, 12);
  end.writeUInt32LE(start, 16);
  return Buffer.concat([...parts, end]);
}
