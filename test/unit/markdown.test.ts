import { describe, expect, it } from "vitest";
import { isSafeImage, isSafeLink, renderMarkdown } from "../../worker/features/courses/markdown";

/** Nothing a browser would run: no script element, no event-handler attribute, no script/data URL in href or src. */
function expectInert(html: string) {
  expect(html).not.toMatch(/<script/i);
  // Every attribute of every tag, read the way a browser tokenizes quoted values: none is an event handler.
  for (const tag of html.match(/<[a-z][^>]*>/gi) ?? []) {
    for (const [, name] of tag.matchAll(/\s([^\s=/>]+)(?:=("[^"]*"|'[^']*'|[^\s>]+))?/g))
      expect(name?.toLowerCase(), tag).not.toMatch(/^on/);
  }
  expect(html).not.toMatch(/<(iframe|svg|object|embed|style|link|meta|form|input|base)\b/i);
  expect(html).not.toMatch(/(href|src)\s*=\s*"\s*(javascript|vbscript|data|file):/i);
}

describe("renderMarkdown", () => {
  it("renders ordinary Markdown: headings, emphasis, lists, links and images", () => {
    const html = renderMarkdown(
      "# 党课提纲\n\n**重点**：*遵义会议*\n\n- 一\n- 二\n\n[学习强国](https://www.xuexi.cn/) ![图](https://example.com/a.png)",
    );
    expect(html).toBe(
      "<h1>党课提纲</h1>\n<p><strong>重点</strong>：<em>遵义会议</em></p>\n<ul>\n<li>一</li>\n<li>二</li>\n</ul>\n" +
        '<p><a href="https://www.xuexi.cn/" rel="nofollow noopener noreferrer">学习强国</a> <img src="https://example.com/a.png" alt="图" loading="lazy" referrerpolicy="no-referrer"></p>\n',
    );
  });

  it("escapes raw HTML: script, img onerror, iframe, svg onload", () => {
    for (const source of [
      "<script>alert(1)</script>",
      '<img src=x onerror="alert(1)">',
      '<iframe src="https://evil.example"></iframe>',
      "<svg onload=alert(1)>",
      "text <b onmouseover=alert(1)>bold</b>",
      '<a href="javascript:alert(1)">x</a>',
      "<style>body{display:none}</style>",
    ]) {
      const html = renderMarkdown(source);
      expectInert(html);
      expect(html).toContain("&lt;");
    }
    expect(renderMarkdown("<script>alert(1)</script>")).toBe("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n");
  });

  it("leaves javascript:, vbscript:, data: and file: links as plain text, whatever their spelling", () => {
    for (const source of [
      "[点我](javascript:alert(1))",
      "[点我](JavaScript:alert(1))",
      "[点我](  javascript:alert(1))",
      "[点我](&#106;avascript:alert(1))",
      "[点我](&#x6A;avascript&colon;alert(1))",
      "[点我](java&#x09;script:alert(1))",
      "[点我](<javascript:alert(1)>)",
      "[点我](vbscript:msgbox(1))",
      "[点我](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
      "[点我](file:///etc/passwd)",
      "[点我][ref]\n\n[ref]: javascript:alert(1)",
    ]) {
      const html = renderMarkdown(source);
      expectInert(html);
      expect(html, source).not.toContain("<a ");
    }
  });

  it("refuses dangerous autolinks and does not linkify them", () => {
    for (const source of ["<javascript:alert(1)>", "<data:text/html,<script>alert(1)</script>>", "<vbscript:x>", "javascript:alert(1)"]) {
      const html = renderMarkdown(source);
      expectInert(html);
      expect(html, source).not.toContain("<a ");
    }
    expect(renderMarkdown("<https://example.com/a>")).toBe(
      '<p><a href="https://example.com/a" rel="nofollow noopener noreferrer">https://example.com/a</a></p>\n',
    );
    expect(renderMarkdown("见 https://www.example.com 与 mailto:dangwei@example.com")).toBe(
      '<p>见 <a href="https://www.example.com" rel="nofollow noopener noreferrer">https://www.example.com</a> 与 <a href="mailto:dangwei@example.com" rel="nofollow noopener noreferrer">mailto:dangwei@example.com</a></p>\n',
    );
  });

  it("keeps http(s), mailto and relative links", () => {
    expect(renderMarkdown("[课表](/catalog) [下节](#part-2) [上级](../a) [邮件](mailto:a@b.cn)")).toBe(
      '<p><a href="/catalog" rel="nofollow noopener noreferrer">课表</a> <a href="#part-2" rel="nofollow noopener noreferrer">下节</a> ' +
        '<a href="../a" rel="nofollow noopener noreferrer">上级</a> <a href="mailto:a@b.cn" rel="nofollow noopener noreferrer">邮件</a></p>\n',
    );
  });

  it("shows images only from http(s) addresses; any other image becomes its alt text", () => {
    for (const source of [
      "![封面](data:image/png;base64,iVBORw0KGgo=)",
      "![封面](javascript:alert(1))",
      "![封面](/api/modules/abc/versions/def/media)",
      '![封面](x" onerror="alert(1))',
      "![封面](//evil.example/a.png)",
    ]) {
      const html = renderMarkdown(source);
      expectInert(html);
      expect(html, source).not.toContain("<img");
      expect(html).toContain("封面");
    }
    // An attribute cannot be broken out of: quotes in the address are percent-encoded.
    const html = renderMarkdown('![a](https://example.com/a.png" onerror="alert(1))');
    expectInert(html);
  });

  it("escapes HTML entities tricks instead of decoding them into markup", () => {
    const html = renderMarkdown("&lt;script&gt;alert(1)&lt;/script&gt; &#60;img src=x onerror=alert(1)&#62;");
    expectInert(html);
    expect(html).toBe("<p>&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt;</p>\n");
  });

  it("escapes link titles and text", () => {
    const html = renderMarkdown('[<img src=x onerror=alert(1)>](https://example.com "a\\" onmouseover=\\"alert(1)")');
    expectInert(html);
    expect(html).toContain('title="a&quot; onmouseover=&quot;alert(1)"');
  });
});

describe("isSafeLink / isSafeImage", () => {
  it("allows http, https, mailto and relative references; refuses other schemes", () => {
    for (const url of ["https://a.cn", "http://a.cn/x?y#z", "mailto:a@b.cn", "/x", "x/y", "#top", "?q=1", "../up", "a:b/../c".slice(4)])
      expect(isSafeLink(url), url).toBe(true);
    for (const url of ["javascript:alert(1)", "JAVASCRIPT:x", "data:text/html,x", "vbscript:x", "file:///x", "ftp://a.cn", "tel:123"])
      expect(isSafeLink(url), url).toBe(false);
  });

  it("allows only absolute http(s) images", () => {
    expect(isSafeImage("https://a.cn/x.png")).toBe(true);
    expect(isSafeImage("http://a.cn/x.png")).toBe(true);
    for (const url of ["/x.png", "//a.cn/x.png", "data:image/png;base64,x", "javascript:x", "x.png"])
      expect(isSafeImage(url), url).toBe(false);
  });
});
