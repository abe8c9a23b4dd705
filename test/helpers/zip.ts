/**
 * Zip files built byte by byte, for the cases a zip library will not write: parts that expand a
 * thousandfold (a zip bomb), a directory that understates a part's size, ZIP64 sizes.
 */

export type ZipPart = {
  name: string;
  /** The bytes as stored: raw deflate for method 8, the content itself for method 0. */
  data: Uint8Array;
  method: 0 | 8;
  /** The size the headers declare once inflated (by default the true one, for stored parts). */
  unzipped: number;
  crc?: number;
  /** Write the sizes as ZIP64 (0xFFFFFFFF in the header, the real ones in an extra field). */
  zip64?: boolean;
};

/**
 * `size` bytes of `byte`, deflated as the runtime does it, without holding them all at once. No
 * CRC: a guard must refuse the file before anything inflates far enough to check one.
 */
export async function deflateRepeated(byte: number, size: number): Promise<Uint8Array<ArrayBuffer>> {
  const chunk = new Uint8Array(1024 * 1024).fill(byte);
  const stream = new CompressionStream("deflate-raw");
  const writer = stream.writable.getWriter();
  const writing = (async () => {
    for (let left = size; left > 0; left -= chunk.length) await writer.write(chunk.subarray(0, Math.min(chunk.length, left)));
    await writer.close();
  })();
  const deflated = new Response(stream.readable).arrayBuffer();
  await writing;
  return new Uint8Array(await deflated);
}

export async function deflate(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream("deflate-raw"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(bytes: Uint8Array, previous = 0): number {
  let crc = ~previous >>> 0;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return ~crc >>> 0;
}

function concat(parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** A zip of these parts: local headers and data, the central directory, its end record. */
export function buildZip(parts: ZipPart[]): Uint8Array<ArrayBuffer> {
  const encoder = new TextEncoder();
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = encoder.encode(part.name);
    const crc = part.crc ?? (part.method === 0 ? crc32(part.data) : 0);
    const extra = part.zip64 ? new Uint8Array(20) : new Uint8Array(0);
    if (part.zip64) {
      const view = new DataView(extra.buffer);
      view.setUint16(0, 1, true);
      view.setUint16(2, 16, true);
      view.setBigUint64(4, BigInt(part.unzipped), true);
      view.setBigUint64(12, BigInt(part.data.length), true);
    }
    const zipped = part.zip64 ? 0xffffffff : part.data.length;
    const unzipped = part.zip64 ? 0xffffffff : part.unzipped;
    const local = new Uint8Array(30 + name.length + extra.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, part.zip64 ? 45 : 20, true);
    lv.setUint16(8, part.method, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, zipped, true);
    lv.setUint32(22, unzipped, true);
    lv.setUint16(26, name.length, true);
    lv.setUint16(28, extra.length, true);
    local.set(name, 30);
    local.set(extra, 30 + name.length);
    const central = new Uint8Array(46 + name.length + extra.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, part.zip64 ? 45 : 20, true);
    cv.setUint16(6, part.zip64 ? 45 : 20, true);
    cv.setUint16(10, part.method, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, zipped, true);
    cv.setUint32(24, unzipped, true);
    cv.setUint16(28, name.length, true);
    cv.setUint16(30, extra.length, true);
    cv.setUint32(42, offset, true);
    central.set(name, 46);
    central.set(extra, 46 + name.length);
    locals.push(local, part.data);
    centrals.push(central);
    offset += local.length + part.data.length;
  }
  const directory = concat(centrals);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, parts.length, true);
  ev.setUint16(10, parts.length, true);
  ev.setUint32(12, directory.length, true);
  ev.setUint32(16, offset, true);
  return concat([...locals, directory, end]);
}

/** A part stored as is. */
export function stored(name: string, text: string): ZipPart {
  const data = new TextEncoder().encode(text);
  return { name, data, method: 0, unzipped: data.length };
}

/** The parts every Office file opens with, so that the bombs below are .xlsx and .docx files in every other way. */
export const CONTENT_TYPES = stored(
  "[Content_Types].xml",
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
);

/** An Office-looking zip with one part of `size` spaces (valid XML whitespace), deflated about a thousandfold. */
export async function zipBomb(name: string, size: number): Promise<Uint8Array<ArrayBuffer>> {
  const data = await deflateRepeated(0x20, size);
  return buildZip([CONTENT_TYPES, { name, data, method: 8, unzipped: size }]);
}
