/** Choose a new password with the token from a reset link. */

import { useState, type FormEvent } from "react";
import { resetPassword } from "../api/account";
import { Field, Notices, useAction } from "../site/forms";
import { PageShell } from "../site/PageShell";
import { NEW_PASSWORD_HINT } from "./passwordRules";
import { tokenNames } from "./tokenRevocation";

/** Said before the reset: the link's holder may not be the only one who knew the old password. */
export const RESET_REVOKES =
  "Setting a new password signs out every browser signed in to the account and revokes all its API tokens.";

export function ResetPasswordPage({ token }: { token: string }) {
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const action = useAction();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (password !== confirm) return action.fail("The passwords do not match.");
    void action.run(async () => {
      const answer = await resetPassword(token, password);
      setPassword("");
      setConfirm("");
      const revoked = answer.revoked_tokens;
      return revoked.length ? `${answer.message} Revoked: ${tokenNames(revoked)}.` : answer.message;
    });
  };

  if (!token) {
    return (
      <PageShell title="Choose a new password">
        <Notices error="This link is incomplete: it has no token." message={null} />
        <p>
          <a href="/forgot-password">Ask for a new reset link</a>
        </p>
      </PageShell>
    );
  }
  return (
    <PageShell title="Choose a new password">
      <p className="notice" id="reset-revokes">
        {RESET_REVOKES}
      </p>
      <form className="form" onSubmit={submit} aria-describedby="reset-revokes">
        <Field
          label="New password"
          type="password"
          value={password}
          onChange={setPassword}
          autoComplete="new-password"
          hint={NEW_PASSWORD_HINT}
        />
        <Field label="Confirm password" type="password" value={confirm} onChange={setConfirm} autoComplete="new-password" />
        <Notices error={action.error} message={action.message} />
        <button className="button" type="submit" disabled={action.busy}>
          Set new password
        </button>
      </form>
      {action.message ? (
        <p>
          <a className="button secondary" href="/sign-in">
            Continue to sign in
          </a>
        </p>
      ) : null}
    </PageShell>
  );
}
