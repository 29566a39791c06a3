/** What the password forms say about API tokens: a new password revokes every one of them. */

import type { ApiTokenRead } from "../api/types";

/** "“a” (aisle_abc123…), “b” (aisle_def456…)": tokens as their owner recognises them. */
export function tokenNames(tokens: readonly ApiTokenRead[]): string {
  return tokens.map((token) => `“${token.name}” (${token.prefix}…)`).join(", ");
}

/** Say, before the change, what a new password will revoke (`null` while the list loads). */
export function revocationWarning(tokens: readonly ApiTokenRead[] | null): string {
  const sessions = "Changing your password signs out your other browsers";
  if (tokens === null) return `${sessions} and revokes all your API tokens.`;
  if (tokens.length === 0) return `${sessions}. You have no API tokens, so none will be revoked.`;
  const count = tokens.length === 1 ? "your API token" : `all ${tokens.length} of your API tokens`;
  return `${sessions} and revokes ${count}: ${tokenNames(tokens)}. Scripts using them will need new ones.`;
}

/** Say, after the change, which tokens went with the old password. */
export function revokedSummary(revoked: readonly ApiTokenRead[]): string {
  if (revoked.length === 0) return "No API tokens needed revoking.";
  return `Revoked API ${revoked.length === 1 ? "token" : "tokens"}: ${tokenNames(revoked)}.`;
}
