// Guards for the zip files people upload (.xlsx, .docx) before exceljs or mammoth unpack them.
// Both unzip every part into memory through JSZip, and a few megabytes of deflate can expand to
// gigabytes (a zip bomb): enough to exceed a Worker's memory and fail every request in the isolate.

/** What the parts of an uploaded .xlsx or .docx may expand to in all: far above any real sheet or question set. */
export const MAX_UNZIPPED_BYTES = 50 * 1024 * 1024;
/** An .xlsx or .docx has dozens of parts; many thousands of tiny ones are another way to exhaust memory. */
export const MAX_ZIP_ENTRIES = 10_000;

/**
 * Why a zip must not be unpacked (a sentence for the uploader), or null.
 *
 * First the sizes its central directory declares are added up: that is what JSZip trusts, and it
 * refuses a part that inflates to another size, but only once it has inflated all of it. So a
 * directory that understates a part is caught second, by inflating each deflated part as a stream
 * and stopping as soon as it outgrows what was declared. A zip whose directory cannot be read, or
 * whose data is not valid deflate, is left to the library, which refuses it as corrupt.
 *
 * @example
 * await zipExpansionProblem(bytes) // "文件解压后超过 50 MB，…" or null
 */
export async function zipExpansionProblem(bytes: Uint8Array, limit = MAX_UNZIPPED_BYTES): Promise<string | null> {
  const directory = centralDirectory(bytes);
  if (!directory) return null;
  const { entries, count } = directory;
  const tooLarge = `文件解压后超过 ${Math.round(limit / 1024 / 1024)} MB，不像是正常的 Office 文件；请删除多余的内容（如图片、隐藏的工作表）后重新保存再上传`;
  if (count > MAX_ZIP_ENTRIES) return `文件内部的部件过多（超过 ${MAX_ZIP_ENTRIES} 个），不像是正常的 Office 文件，请重新保存后上传`;
  if (entries.reduce((sum, entry) => sum + entry.unzipped, 0) > limit) return tooLarge;
  for (const entry of entries) {
    if (entry.method !== DEFLATE) continue;
    const data = entryData(bytes, entry);
    if (data && !(await inflatesWithin(data, entry.unzipped))) return tooLarge;
  }
  return null;
}

const DEFLATE = 8;
const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const U16_MAX = 0xffff;
const U32_MAX = 0xffffffff;

type Entry = { method: number; zipped: number; unzipped: number; localHeader: number };

function reader(bytes: Uint8Array) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    u16: (at: number) => view.getUint16(at, true),
    u32: (at: number) => view.getUint32(at, true),
    u64: (at: number) => Number(view.getBigUint64(at, true)),
  };
}

/** The entries the central directory lists, and how many its end record counts; null if there are none to read. */
function centralDirectory(bytes: Uint8Array): { entries: Entry[]; count: number } | null {
  const { u16, u32, u64 } = reader(bytes);
  // The end record is the last 22 bytes, unless a comment (at most 65535 bytes) follows it.
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - U16_MAX); at--) {
    if (u32(at) === EOCD) {
      end = at;
      break;
    }
  }
  if (end < 0) return null;
  let count = u16(end + 10);
  let size = u32(end + 12);
  let declaredOffset = u32(end + 16);
  let directoryEnd = end;
  if (count === U16_MAX || size === U32_MAX || declaredOffset === U32_MAX) {
    const locator = end - 20;
    if (locator < 0 || u32(locator) !== ZIP64_LOCATOR) return null;
    const record = u64(locator + 8);
    if (record + 56 > bytes.length || u32(record) !== ZIP64_EOCD) return null;
    count = u64(record + 32);
    size = u64(record + 40);
    declaredOffset = u64(record + 48);
    directoryEnd = record;
  }
  // Bytes in front of the zip proper shift every offset; JSZip finds the directory the same way.
  const atDeclared = declaredOffset + Math.max(size, 4) <= bytes.length && u32(declaredOffset) === CENTRAL_HEADER;
  const offset = atDeclared ? declaredOffset : directoryEnd - size;
  if (offset < 0 || offset + 46 > bytes.length) return null;
  const shift = offset - declaredOffset;
  const entries: Entry[] = [];
  for (let at = offset; at + 46 <= bytes.length && u32(at) === CENTRAL_HEADER; ) {
    const nameLength = u16(at + 28);
    const extraLength = u16(at + 30);
    const entry = { method: u16(at + 10), zipped: u32(at + 20), unzipped: u32(at + 24), localHeader: u32(at + 42) };
    // ZIP64 keeps the sizes and offset that overflow 32 bits in an extra field (id 1), in this order.
    const wide = (["unzipped", "zipped", "localHeader"] as const).filter((key) => entry[key] === U32_MAX);
    if (wide.length > 0) {
      const extraEnd = Math.min(bytes.length, at + 46 + nameLength + extraLength);
      let found = false;
      for (let field = at + 46 + nameLength; field + 4 <= extraEnd; field += 4 + u16(field + 2)) {
        if (u16(field) !== 1 || field + 4 + 8 * wide.length > extraEnd) continue;
        wide.forEach((key, i) => {
          entry[key] = u64(field + 4 + 8 * i);
        });
        found = true;
        break;
      }
      // Sizes that cannot be read count as too large: no real .xlsx or .docx has them.
      if (!found) entry.unzipped = Number.POSITIVE_INFINITY;
    }
    entries.push({ ...entry, localHeader: entry.localHeader + shift });
    at += 46 + nameLength + extraLength + u16(at + 32);
  }
  // JSZip goes on with the entries it finds even when the end record counts another number, so
  // those are what is checked; a count beyond them is taken at its word for the limit on parts.
  return entries.length === 0 ? null : { entries, count: Math.max(count, entries.length) };
}

/** An entry's compressed bytes, found through its local header, or null if they are not where it says. */
function entryData(bytes: Uint8Array, entry: Entry): Uint8Array | null {
  const { u16, u32 } = reader(bytes);
  const at = entry.localHeader;
  if (at < 0 || at + 30 > bytes.length || u32(at) !== LOCAL_HEADER) return null;
  const start = at + 30 + u16(at + 26) + u16(at + 28);
  if (start + entry.zipped > bytes.length) return null;
  return bytes.subarray(start, start + entry.zipped);
}

/** Input per write: deflate peaks near 1:1032, so one write makes at most about 16 MB before the size is counted. */
const SLICE = 16 * 1024;

/** Whether raw deflate `data` inflates to at most `budget` bytes; inflating stops as soon as it is over. */
async function inflatesWithin(data: Uint8Array, budget: number): Promise<boolean> {
  const stream = new DecompressionStream("deflate-raw");
  const writer = stream.writable.getWriter();
  const output = stream.readable.getReader();
  const writing = (async () => {
    for (let at = 0; at < data.length; at += SLICE) await writer.write(data.slice(at, at + SLICE));
    await writer.close();
  })().catch(() => {});
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await output.read();
      if (done) return true;
      total += value.byteLength;
      if (total > budget) {
        await output.cancel();
        return false;
      }
    }
  } catch {
    // Not deflate, or cut short: the library says so in its own words.
    return true;
  } finally {
    await writing;
  }
}
