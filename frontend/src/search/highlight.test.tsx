import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { decodeEntities, Highlighted, splitHighlight } from "./highlight";

describe("highlight", () => {
  it("keeps only em as markup and decodes entities", () => {
    expect(splitHighlight("a &lt;b&gt; <em>Lap</em> x&#x2F;y")).toEqual([
      { text: "a <b> ", em: false },
      { text: "Lap", em: true },
      { text: " x/y", em: false },
    ]);
    expect(decodeEntities("&amp;lt;")).toBe("&lt;");
  });

  it("renders emphasis as mark and any other markup as text", () => {
    const html = renderToStaticMarkup(
      <Highlighted fragment={'&lt;img src=x onerror=alert(1)&gt; <em>laptop</em> <b>bold</b>'} fallback="" />,
    );
    expect(html).toBe("&lt;img src=x onerror=alert(1)&gt; <mark>laptop</mark> &lt;b&gt;bold&lt;/b&gt;");
  });

  it("falls back to the plain title when there is no highlight", () => {
    expect(renderToStaticMarkup(<Highlighted fallback="Tom & Jerry <3" />)).toBe("Tom &amp; Jerry &lt;3");
  });
});
