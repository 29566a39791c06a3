/** Change the password, proving the current one; it revokes the API tokens, and says so first. */

import { useState, type FormEvent } from "react";
import { changePassword } from "../api/account";
import type { ApiTokenRead } from "../api/types";
import { Field, Notices, useAction } from "../site/forms";
import { NEW_PASSWORD_HINT } from "./passwordRules";
import { revocationWarning, revokedSummary } from "./tokenRevocation";

export function PasswordSection({
  tokens,
  onTokensRevoked,
}: {
  /** The account's live tokens (`null` while loading), named before they are revoked. */
  tokens: readonly ApiTokenRead[] | null;
  onTokensRevoked: () => void;
}) {
  const [current, setCurrent] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (password !== confirm) return action.fail("The new passwords do not match.");
    void action.run(async () => {
      const answer = await changePassword(current, password); // a new session (and CSRF token)
      setCurrent("");
      setPassword("");
      setConfirm("");
      onTokensRevoked();
      return `Your password has been changed. ${revokedSummary(answer.revoked_tokens)}`;
    });
  };
  return (
    <section className="section" aria-labelledby="password-heading">
      <h2 id="password-heading">Change password</h2>
      <p className="notice" id="password-revokes">
        {revocationWarning(tokens)}
      </p>
      <form className="form" onSubmit={submit} aria-describedby="password-revokes">
        <Field label="Current password" type="password" value={current} onChange={setCurrent} autoComplete="current-password" />
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
          Change password
        </button>
      </form>
    </section>
  );
}
