/**
 * Course media files in R2: which files are taken, how they are recognised, where they are kept
 * and how a download names them. Pure: the routes and the service do the I/O.
 */

/** The largest file a lecturer may upload (a short video or a slide deck). */
export const MAX_MEDIA_BYTES = 50 * 1024 * 1024;

/** The upload route, matched by the app's body-size guard so this route gets its own, larger cap. */
export const MEDIA_UPLOAD_PATH = /^\/api\/modules\/[a-z0-9]{8,40}\/media$/;

type MediaKind = { ext: string; type: string; inline: boolean; magic: (head: Uint8Array) => boolean };

const startsWith = (head: Uint8Array, bytes: number[], offset = 0) => bytes.every((b, i) => head[offset + i] === b);
const ZIP = [0x50, 0x4b, 0x03, 0x04];

/**
 * Allowed files, recognised by their name's extension and checked against their first bytes, so a
 * renamed file (an .html called .pdf) is refused: the type a download is served with is ours, never
 * the uploader's claim.
 */
export const MEDIA_KINDS: MediaKind[] = [
  { ext: "pdf", type: "application/pdf", inline: true, magic: (h) => startsWith(h, [0x25, 0x50, 0x44, 0x46, 0x2d]) },
  {
    ext: "pptx",
    type: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    inline: false,
    magic: (h) => startsWith(h, ZIP),
  },
  {
    ext: "docx",
    type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    inline: false,
    magic: (h) => startsWith(h, ZIP),
  },
  // ISO base media: a box size, then "ftyp".
  { ext: "mp4", type: "video/mp4", inline: true, magic: (h) => startsWith(h, [0x66, 0x74, 0x79, 0x70], 4) },
  { ext: "png", type: "image/png", inline: true, magic: (h) => startsWith(h, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { ext: "jpg", type: "image/jpeg", inline: true, magic: (h) => startsWith(h, [0xff, 0xd8, 0xff]) },
  { ext: "jpeg", type: "image/jpeg", inline: true, magic: (h) => startsWith(h, [0xff, 0xd8, 0xff]) },
];

export const ALLOWED_EXTENSIONS = [...new Set(MEDIA_KINDS.map((k) => k.ext))];

/** The kind of a file from its name and first 16 bytes, or null when it is not one we take. */
export function mediaKindOf(name: string, head: Uint8Array): MediaKind | null {
  const ext = name.toLowerCase().split(".").pop() ?? "";
  const kind = MEDIA_KINDS.find((k) => k.ext === ext);
  return kind?.magic(head) ? kind : null;
}

export function isInline(type: string): boolean {
  return MEDIA_KINDS.some((k) => k.type === type && k.inline);
}

/**
 * The name as uploaded, made safe to keep and to send back: NFC, no path, no control characters,
 * at most 120 characters (keeping the extension).
 */
export function cleanFileName(name: string): string {
  const base = (name.normalize("NFC").split(/[/\\]/).pop() ?? "")
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
    .replace(/[\u0000-\u001f\u007f"]/g, "")
    .trim();
  if (base.length <= 120) return base || "file";
  const dot = base.lastIndexOf(".");
  const ext = dot > 0 && base.length - dot <= 6 ? base.slice(dot) : "";
  return base.slice(0, 120 - ext.length) + ext;
}

/** Where a version's file lives: a fresh key per upload, under the module and version it belongs to. */
export function mediaKey(moduleId: string, versionId: string, uploadId: string, ext: string): string {
  return `modules/${moduleId}/${versionId}/${uploadId}.${ext}`;
}

/** Does this key belong to this version (and not to an earlier version it was copied from)? */
export function keyOfVersion(key: string | null, moduleId: string, versionId: string): boolean {
  return key?.startsWith(`modules/${moduleId}/${versionId}/`) ?? false;
}

/**
 * Content-Disposition with the name in both forms (RFC 6266): an ASCII fallback for old clients
 * and `filename*` in UTF-8 percent-encoding (RFC 5987/8187), so 党课课件.pptx arrives as named.
 *
 * @example
 * contentDisposition("党课.pdf", true) // `inline; filename="__.pdf"; filename*=UTF-8''%E5%85%9A%E8%AF%BE.pdf`
 */
export function contentDisposition(name: string, inline: boolean): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${inline ? "inline" : "attachment"}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
