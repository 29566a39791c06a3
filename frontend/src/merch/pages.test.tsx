import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { App } from "../App";
import { Banners } from "../search/Banners";
import { ChangesTable } from "./ChangesTable";
import { PreviewColumns } from "./PreviewColumns";
import type { Preview } from "../api/merchTypes";

const render = (path: string) => renderToStaticMarkup(<App path={path} search="" />);
const label = (html: string, text: string) => expect(html).toMatch(new RegExp(`<label for="[^"]+">${text.replace(/[()]/g, "\\$&")}</label>`));

describe("merchandiser console pages", () => {
  it.each([
    ["/merch/synonyms", "Synonyms"],
    ["/merch/rules", "Query rules"],
    ["/merch/preview", "Preview"],
    ["/merch/versions", "Versions"],
    ["/merch/suggestions", "Suggestions"],
  ])("renders %s with its title and the draft bar", (path, title) => {
    const html = render(path);
    expect(html).toContain(`<h1>${title}</h1>`);
    expect(html).toContain('aria-label="Draft status"');
    label(html, "Publish note");
    expect(html).toContain(">Publish</button>");
    expect(html).toContain(">Discard draft</button>");
  });

  it("labels the synonym set editor", () => {
    const html = render("/merch/synonyms");
    for (const text of ["Set name", "Synonyms (one per line)", "Import file", "Format"]) label(html, text);
    expect(html).toContain("> Enabled</label>");
    expect(html).toContain("> Corrections (typo fixes, ranked below exact and synonym matches)</label>");
    for (const text of ["Save set", "New set"]) expect(html).toContain(`>${text}</button>`);
    expect(html).toContain("tv, television");
  });

  it("labels the rule editor", () => {
    const html = render("/merch/rules");
    for (const text of [
      "Rule name",
      "Priority",
      "Match",
      "Pattern",
      "Only when brand filter is",
      "Only when type filter is",
      "Starts at",
      "Ends at",
      "Find product to pin or hide",
      "Hide product ids",
      "Add filter: brands",
      "Add filter: types",
      "Redirect to URL",
      "Banner text",
      "Banner link",
    ])
      label(html, text);
    for (const text of ["Query is", "Query contains", "Query starts with"]) expect(html).toContain(`>${text}</option>`);
    for (const text of ["Find", "Add boost", "Save rule"]) expect(html).toContain(`>${text}</button>`);
    expect(html).toMatch(/<input[^>]*type="datetime-local"/);
  });

  it("labels the preview form and the evaluation", () => {
    const html = render("/merch/preview");
    label(html, "Query");
    expect(html).toContain(">Preview</button>");
    expect(html).toContain(">Evaluate all judged queries</button>");
  });

  it("offers to look for suggestions", () => {
    expect(render("/merch/suggestions")).toContain(">Look for suggestions</button>");
  });
});

describe("preview results", () => {
  const side = (version: number | null, pinned: boolean) => ({
    version,
    total: 2,
    results: [
      { product_id: 1, title: "Big TV", brand: null, product_type: null, price: null, image_url: null, pinned, synonym: false },
      { product_id: 2, title: "Television", brand: null, product_type: null, price: null, image_url: null, pinned: false, synonym: true },
    ],
    banners: pinned ? [{ text: "Sale", link: "javascript:alert(1)" }] : [],
    redirect: null,
  });
  const preview: Preview = { query: "tv", published: side(3, false), draft: side(null, true), changes: [], ndcg: null };

  it("shows both sides with their badges, and banners without unsafe links", () => {
    const html = renderToStaticMarkup(<PreviewColumns preview={preview} />);
    expect(html).toMatch(/<h2[^>]*>Published<\/h2>/);
    expect(html).toMatch(/<h2[^>]*>Draft<\/h2>/);
    expect(html.match(/>Pinned</g)).toHaveLength(1);
    expect(html.match(/>Synonym</g)).toHaveLength(2);
    expect(html).toContain('<p class="banner" role="note">Sale</p>');
    expect(html).not.toContain("javascript:");
  });

  it("words each change's movement", () => {
    const html = renderToStaticMarkup(
      <ChangesTable
        changes={[
          { product_id: 1, title: "A", published_position: 4, draft_position: 1, movement: "up" },
          { product_id: 2, title: "B", published_position: null, draft_position: 2, movement: "in" },
        ]}
      />,
    );
    expect(html).toContain(">up 3</td>");
    expect(html).toContain(">new</td>");
  });
});

describe("storefront banners", () => {
  it("renders each banner as a note, linked when the link is safe", () => {
    const html = renderToStaticMarkup(
      <Banners banners={[{ text: "Spring sale", link: "/sale" }, { text: "Free delivery", link: null }]} />,
    );
    expect(html).toContain('<p class="banner" role="note" data-testid="banner"><a href="/sale">Spring sale</a></p>');
    expect(html).toContain('role="note" data-testid="banner">Free delivery</p>');
  });
});
