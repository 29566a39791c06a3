import { describe, expect, it } from "vitest";
import table from "./linkCases.json";
import { isSafeLink, safeHref, safeImageSrc } from "./safeUrl";

describe("isSafeLink", () => {
  // The same table tests/unit/core/test_links.py reads: the UI and the server give the same verdicts.
  for (const { link, safe, why } of table.cases)
    it(`${safe ? "accepts" : "refuses"} ${JSON.stringify(link)} (${why})`, () => {
      expect(isSafeLink(link)).toBe(safe);
      expect(safeHref(link) !== null).toBe(safe);
    });
});

describe("safeHref", () => {
  it("keeps same-site paths and web addresses, trimmed", () => {
    expect(safeHref("/search?q=tv")).toBe("/search?q=tv");
    expect(safeHref(" https://example.com/sale ")).toBe("https://example.com/sale");
    expect(safeHref("http://example.com")).toBe("http://example.com");
  });

  it("refuses missing addresses", () => {
    for (const raw of ["", null, undefined]) expect(safeHref(raw)).toBeNull();
  });
});

describe("safeImageSrc", () => {
  it("shows http(s) images only", () => {
    expect(safeImageSrc("https://img.example/a.jpg")).toBe("https://img.example/a.jpg");
    expect(safeImageSrc("http://img.example/a.jpg")).toBe("http://img.example/a.jpg");
    for (const raw of ["javascript:alert(1)", "data:image/png;base64,AAAA", "/local.png", "//img.example/a.jpg", "", null])
      expect(safeImageSrc(raw)).toBeNull();
  });
});
