import DOMPurify from "dompurify";
import MarkdownIt from "markdown-it";

/**
 * The live preview of a module's body, in the editor only (this chunk is the only one that loads
 * markdown-it and DOMPurify). It renders as the server does — `html: false`, so raw HTML shows as
 * text, links made from bare addresses, line breaks kept — and DOMPurify then removes anything a
 * browser could run (a `javascript:` link, an event attribute), so what the lecturer types can never
 * run in their own page. What members read is rendered again on the server; this is a preview.
 */
const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: true });

export function renderPreview(source: string): string {
  return DOMPurify.sanitize(md.render(source), { USE_PROFILES: { html: true } });
}
