import MarkdownIt from "markdown-it";

/**
 * A lecturer's Markdown, rendered once on the server into the HTML members read. Safe by
 * construction rather than by cleaning up afterwards:
 *
 * - `html: false`: raw HTML in the source (`<script>`, `<img onerror>`, `<iframe>`) is escaped and
 *   shows as text; markdown-it's own renderer only emits the tags it knows, with escaped attributes.
 * - every link (inline, reference, autolink, linkified text) goes through `isSafeLink`: http(s),
 *   mailto, or a relative reference; anything else (`javascript:`, `data:`, `vbscript:`, `file:`…)
 *   stays plain text. markdown-it decodes entities (`&#106;avascript:`) and percent-encodes the
 *   destination before asking, so the check sees what a browser would act on.
 * - images only from absolute http(s) addresses; any other image becomes its alt text.
 * - links get `rel="nofollow noopener noreferrer"`: the body is user content.
 *
 * @example
 * renderMarkdown("**学习**[链接](javascript:alert(1))") // "<p><strong>学习</strong>[链接](javascript:alert(1))</p>\n"
 */

const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: true });

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/** http(s) and mailto, or a relative reference (no scheme: RFC 3986 forbids `:` before the first `/`, `?` or `#` there). */
export function isSafeLink(url: string): boolean {
  const value = url.trim();
  const firstDelimiter = value.search(/[/?#]/);
  const head = firstDelimiter < 0 ? value : value.slice(0, firstDelimiter);
  if (!head.includes(":")) return true;
  const scheme = SCHEME.exec(value)?.[1]?.toLowerCase();
  return scheme === "http" || scheme === "https" || scheme === "mailto";
}

/** Images load from absolute http(s) addresses only: no `data:` payloads, no relative paths into the API. */
export function isSafeImage(url: string): boolean {
  return /^https?:\/\/[^/\s]/i.test(url.trim());
}

md.validateLink = isSafeLink;

md.renderer.rules.image = (tokens, idx, options, env, self) => {
  const token = tokens[idx];
  if (!token) return "";
  const src = String(token.attrGet("src") ?? "");
  const alt = self.renderInlineAsText(token.children ?? [], options, env);
  if (!isSafeImage(src)) return md.utils.escapeHtml(alt);
  token.attrSet("alt", alt);
  token.attrSet("loading", "lazy");
  token.attrSet("referrerpolicy", "no-referrer");
  return self.renderToken(tokens, idx, options);
};

const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx]?.attrSet("rel", "nofollow noopener noreferrer");
  return defaultLinkOpen(tokens, idx, options, env, self);
};

/** The module body is limited by its schema; this renders what it allows quickly. */
export function renderMarkdown(source: string): string {
  return md.render(source);
}
