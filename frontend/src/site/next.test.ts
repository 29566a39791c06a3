import { describe, expect, it } from "vitest";
import { safeNext, signInUrl } from "./next";

describe("safeNext", () => {
  it("keeps a path on this site", () => {
    expect(safeNext("/account")).toBe("/account");
    expect(safeNext("/admin/users?q=bo#top")).toBe("/admin/users?q=bo#top");
    expect(safeNext("/")).toBe("/");
  });

  it("ignores anything that could leave the site", () => {
    for (const raw of [
      null,
      undefined,
      "",
      "account",
      "//evil.example",
      "///evil.example",
      "/\\evil.example",
      "\\\\evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "https://evil.example/",
      "javascript:alert(1)",
      " /account",
    ]) {
      expect(safeNext(raw), String(raw)).toBeNull();
    }
  });

  it("builds the sign-in link that comes back", () => {
    expect(signInUrl("/account")).toBe("/sign-in?next=/account");
    expect(signInUrl("/admin/users?q=a&b")).toBe("/sign-in?next=/admin/users%3Fq%3Da%26b");
    expect(safeNext(new URLSearchParams("next=/admin/users%3Fq%3Da%26b").get("next"))).toBe("/admin/users?q=a&b");
  });
});
