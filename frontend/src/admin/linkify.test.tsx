import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { MailRead } from "../api/types";
import { newestFirst } from "./MailboxPage";
import { Linkified, splitLinks } from "./linkify";

describe("mailbox links", () => {
  it("links http and https URLs and leaves the rest as text", () => {
    expect(splitLinks("Open https://aisle.test/verify-email?token=ab-C_9. Or http://x.test/a, not ftp://x.test")).toEqual([
      { text: "Open " },
      { text: "https://aisle.test/verify-email?token=ab-C_9", href: "https://aisle.test/verify-email?token=ab-C_9" },
      { text: ". Or " },
      { text: "http://x.test/a", href: "http://x.test/a" },
      { text: ", not ftp://x.test" },
    ]);
    expect(splitLinks("(see https://x.test/a) and https://x.test/wiki/A_(b)")).toEqual([
      { text: "(see " },
      { text: "https://x.test/a", href: "https://x.test/a" },
      { text: ") and " },
      { text: "https://x.test/wiki/A_(b)", href: "https://x.test/wiki/A_(b)" },
    ]);
  });

  it("escapes markup and never links other schemes", () => {
    const html = renderToStaticMarkup(
      <pre>
        <Linkified text={'<script>alert(1)</script> javascript:alert(1) data:text/html,x <a href="http://evil">x</a> https://ok.test/?a=1&b=<2>'} />
      </pre>,
    );
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt; javascript:alert(1) data:text/html,x &lt;a href=&quot;");
    expect(html).toContain('<a href="http://evil/" rel="noreferrer">http://evil</a>&quot;&gt;x&lt;/a&gt;');
    expect(html).toContain('<a href="https://ok.test/?a=1&amp;b=" rel="noreferrer">https://ok.test/?a=1&amp;b=</a>&lt;2&gt;');
    expect(html.match(/<a /g)).toHaveLength(2);
  });

  it("keeps the body as it was around the links", () => {
    const body = "Hello,\n\n  confirm: http://127.0.0.1:8400/verify-email?token=xyz\n\nThanks";
    expect(splitLinks(body).map((p) => p.text).join("")).toBe(body);
    expect(splitLinks("no links here")).toEqual([{ text: "no links here" }]);
  });

  it("sorts mail newest first", () => {
    const mail = (id: number, created_at: string): MailRead => ({ id, created_at, to_address: "a@x", subject: "s", body: "", status: "stored" });
    const sorted = newestFirst([mail(1, "2025-01-01T10:00:00Z"), mail(3, "2025-01-02T10:00:00Z"), mail(2, "2025-01-01T10:00:00Z")]);
    expect(sorted.map((m) => m.id)).toEqual([3, 2, 1]);
  });
});
