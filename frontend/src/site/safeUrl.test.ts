import { describe, expect, it } from "vitest";
import { safeHref } from "./safeUrl";

describe("safeHref", () => {
  it("keeps same-site paths and web addresses", () => {
    expect(safeHref("/search?q=tv")).toBe("/search?q=tv");
    expect(safeHref(" https://example.com/sale ")).toBe("https://example.com/sale");
    expect(safeHref("http://example.com")).toBe("http://example.com/");
  });

  it("refuses scripts, other schemes, protocol-relative and empty addresses", () => {
    for (const raw of ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,x", "//evil.example", "/\\evil", "sale", "", null, undefined])
      expect(safeHref(raw)).toBeNull();
  });
});
