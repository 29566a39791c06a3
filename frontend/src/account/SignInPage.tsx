/** Sign in with email and password, then go to `next` (a same-site path) or where the person works. */

import { useState, type FormEvent } from "react";
import { resendVerification, signIn } from "../api/account";
import { ApiError } from "../api/client";
import type { Role } from "../api/types";
import { Field, Notices, useAction } from "../site/forms";
import { safeNext } from "../site/next";
import { PageShell } from "../site/PageShell";

export function SignInPage({ next }: { next: string | null }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [unverified, setUnverified] = useState(false);
  const action = useAction();
  const resend = useAction();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setUnverified(false);
    void action.run(async () => {
      let role: Role | null = null;
      try {
        role = (await signIn(email.trim(), password)).user?.role ?? null;
      } catch (error) {
        if (error instanceof ApiError && error.types.includes("email_not_verified")) setUnverified(true);
        throw error;
      }
      window.location.assign(safeNext(next) ?? homeFor(role));
    });
  };

  return (
    <PageShell title="Sign in">
      <form className="form" onSubmit={submit}>
        <Field label="Email" type="email" value={email} onChange={setEmail} autoComplete="email" />
        <Field label="Password" type="password" value={password} onChange={setPassword} autoComplete="current-password" />
        <Notices error={action.error} message={null} />
        <button className="button" type="submit" disabled={action.busy}>
          Sign in
        </button>
      </form>
      {unverified ? (
        <div className="form compact">
          <p>Did the confirmation email not arrive, or has its link expired?</p>
          <Notices error={resend.error} message={resend.message} />
          <button
            type="button"
            className="button secondary"
            disabled={resend.busy}
            onClick={() => void resend.run(async () => (await resendVerification(email.trim())).message)}
          >
            Resend verification email
          </button>
        </div>
      ) : null}
      <p className="aside">
        <a href="/forgot-password">Forgot your password?</a>
        <a href="/sign-up">Create an account</a>
      </p>
    </PageShell>
  );
}

/** Staff start in their console, shoppers on their account. */
export function homeFor(role: Role | null): string {
  if (role === "admin") return "/admin";
  if (role === "merchandiser") return "/merch";
  return "/account";
}
