/** The signed-in user's own page: profile, password, API tokens, sign out and deletion. */

import { useEffect, useState } from "react";
import { getAccount, listTokens } from "../api/account";
import { ApiError, errorText } from "../api/client";
import type { ApiTokenRead, UserRead } from "../api/types";
import { Notices } from "../site/forms";
import { PageShell } from "../site/PageShell";
import { SignOutButton } from "../site/SiteHeader";
import { DeleteSection } from "./DeleteSection";
import { PasswordSection } from "./PasswordSection";
import { ProfileSection } from "./ProfileSection";
import { TokensSection } from "./TokensSection";

export function AccountPage() {
  const [user, setUser] = useState<UserRead | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tokens, setTokens] = useState<ApiTokenRead[] | null>(null);
  const [tokensError, setTokensError] = useState<string | null>(null);

  useEffect(() => {
    getAccount()
      .then((account) => {
        setUser(account);
        return listTokens().then(setTokens, (caught: unknown) => setTokensError(errorText(caught)));
      })
      .catch((caught: unknown) => {
        // A 401 is the middleware's: it is taking the browser to sign-in and back here.
        if (!(caught instanceof ApiError && caught.redirecting)) setError(errorText(caught));
      });
  }, []);

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
