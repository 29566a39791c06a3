import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import { preloadPages } from "../site/lazyPage";
import { App } from "../App";
import type { ApiTokenRead } from "../api/types";
import { PasswordSection } from "./PasswordSection";
import { RESET_REVOKES } from "./ResetPasswordPage";
import { revocationWarning, revokedSummary } from "./tokenRevocation";

const token = (id: number, name: string): ApiTokenRead => ({
  id,
  name,
  prefix: `aisle_tok${id}ab`,
  created_at: "2026-01-01T00:00:00Z",
  last_used_at: null,
  expires_at: null,
});

// Console and account pages load lazily: load them first so they render in one pass.
beforeAll(preloadPages);

describe("token revocation on a new password", () => {
  it("names every token a change will revoke, before the change", () => {
    const warning = revocationWarning([token(1, "nightly export"), token(2, "dashboard")]);
    expect(warning).toContain("revokes all 2 of your API tokens");
    expect(warning).toContain("“nightly export” (aisle_tok1ab…), “dashboard” (aisle_tok2ab…)");
    expect(revocationWarning([token(3, "cron")])).toContain("revokes your API token: “cron”");
    expect(revocationWarning([])).toContain("none will be revoked");
    expect(revocationWarning(null)).toContain("revokes all your API tokens");
  });

  it("lists what was revoked after the change", () => {
    expect(revokedSummary([token(1, "nightly export")])).toBe("Revoked API token: “nightly export” (aisle_tok1ab…).");
    expect(revokedSummary([token(1, "a"), token(2, "b")])).toMatch(/^Revoked API tokens: “a” .*, “b” /);
    expect(revokedSummary([])).toBe("No API tokens needed revoking.");
  });

  it("shows the warning above the change-password form", () => {
    const html = renderToStaticMarkup(<PasswordSection tokens={[token(1, "nightly export")]} onTokensRevoked={() => undefined} />);
    expect(html).toContain("revokes your API token: “nightly export”");
    expect(html).toMatch(/<form class="form" aria-describedby="password-revokes"/);
  });

  it("says on the reset page that a new password revokes the tokens", () => {
    const html = renderToStaticMarkup(<App path="/reset-password" search="?token=abc" />);
    expect(html).toContain(RESET_REVOKES);
    expect(html).toContain("hard to guess");
  });

  it("tells sign-up what the password and name rules are", () => {
    const html = renderToStaticMarkup(<App path="/sign-up" search="" />);
    expect(html).toContain("One line of text, without links.");
    expect(html).toContain("At least 10 characters and hard to guess");
  });
});
