/** Confirm an email address from the mailed link, as soon as the page opens. */

import { useEffect, useRef, useState } from "react";
import { verifyEmail } from "../api/account";
import { errorText } from "../api/client";
import { Notices } from "../site/forms";
import { PageShell } from "../site/PageShell";
import { ResendVerification } from "./ResendVerification";

type Outcome = { ok: true; message: string } | { ok: false; error: string };

export function VerifyEmailPage({ token }: { token: string }) {
  const [outcome, setOutcome] = useState<Outcome | null>(
    token ? null : { ok: false, error: "This link is incomplete: it has no token. Ask for a new one below." },
  );
  const started = useRef(false);

  useEffect(() => {
    if (!token || started.current) return; // a token works once: never send it twice
    started.current = true;
    verifyEmail(token)
      .then((answer) => setOutcome({ ok: true, message: answer.message }))
      .catch((error: unknown) => setOutcome({ ok: false, error: errorText(error) }));
  }, [token]);

  return (
    <PageShell title="Confirm your email">
      {outcome === null ? <p aria-busy="true">Confirming your email address…</p> : null}
      {outcome?.ok ? (
        <>
          <Notices error={null} message={outcome.message} />
          <p>
            <a className="button" href="/sign-in">
              Continue to sign in
            </a>
          </p>
        </>
      ) : null}
      {outcome && !outcome.ok ? (
        <>
          <Notices error={outcome.error} message={null} />
          <h2>Need a new link?</h2>
          <ResendVerification />
        </>
      ) : null}
    </PageShell>
  );
}
