/** The signed-in user's own page: profile, password, API tokens, sign out and deletion. */

import { useQuery } from "@tanstack/react-query";
import type { Dispatch, SetStateAction } from "react";
import { getAccount, listTokens } from "../api/account";
import { ApiError, errorText } from "../api/client";
import { useAppQueryClient } from "../api/queryClient";
import type { ApiTokenRead, UserRead } from "../api/types";
import { Notices } from "../site/forms";
import { PageShell } from "../site/PageShell";
import { SignOutButton } from "../site/SiteHeader";
import { DeleteSection } from "./DeleteSection";
import { PasswordSection } from "./PasswordSection";
import { ProfileSection } from "./ProfileSection";
import { TokensSection } from "./TokensSection";

const ACCOUNT_KEY = ["account"] as const;
const TOKENS_KEY = ["account", "tokens"] as const;

export function AccountPage() {
  const client = useAppQueryClient();
  const account = useQuery({ queryKey: ACCOUNT_KEY, queryFn: getAccount }, client);
  const user = account.data ?? null;
  // The tokens are asked for once the account has loaded, as before: a failed account load says it all.
  const listed = useQuery({ queryKey: TOKENS_KEY, queryFn: listTokens, enabled: user !== null }, client);
  const tokens = listed.data ?? null;
  // A 401 is the middleware's: it is taking the browser to sign-in and back here.
  const error = account.error && !(account.error instanceof ApiError && account.error.redirecting) ? errorText(account.error) : null;
  const tokensError = listed.error ? errorText(listed.error) : null;
  // Edits answer with the new data, which replaces the cached one (no refetch needed).
  const setUser = (next: UserRead) => client.setQueryData(ACCOUNT_KEY, next);
  const setTokens: Dispatch<SetStateAction<ApiTokenRead[] | null>> = (change) =>
    client.setQueryData<ApiTokenRead[] | null>(TOKENS_KEY, (old) => (typeof change === "function" ? change(old ?? null) : change));

  // The page has its own "Sign out" button, so the header leaves its one out.
  return (
    <PageShell title="Your account" signOutButton={false}>
      <Notices error={error} message={null} />
      {user === null ? (
        error ? null : <p aria-busy="true">Loading your account…</p>
      ) : (
        <>
          <ProfileSection user={user} onChange={setUser} />
          {/* A new password revokes every token: the section names them first. */}
          <PasswordSection tokens={tokens} onTokensRevoked={() => setTokens([])} />
          <TokensSection tokens={tokens} setTokens={setTokens} loadError={tokensError} />
          <section className="section" aria-labelledby="sign-out-heading">
            <h2 id="sign-out-heading">Sign out</h2>
            <p>End this browser's session.</p>
            <SignOutButton />
          </section>
          <DeleteSection />
        </>
      )}
    </PageShell>
  );
}
