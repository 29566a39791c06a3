/** Create an account; the server mails a verification link. */

import { useState, type FormEvent } from "react";
import { signUp } from "../api/account";
import { Field, Notices, useAction } from "../site/forms";
import { PageShell } from "../site/PageShell";
import { DISPLAY_NAME_HINT, NEW_PASSWORD_HINT } from "./passwordRules";

export function SignUpPage() {
  const [email, setEmail] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const action = useAction();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (password !== confirm) return action.fail("The passwords do not match.");
    void action.run(async () => {
      const answer = await signUp({ email: email.trim(), password, display_name: displayName.trim() });
      setPassword("");
      setConfirm("");
      return answer.message;
    });
  };

  return (
    <PageShell title="Create an account">
      <form className="form" onSubmit={submit}>
        <Field label="Email" type="email" value={email} onChange={setEmail} autoComplete="email" />
        <Field
          label="Display name"
          value={displayName}
          onChange={setDisplayName}
          autoComplete="nickname"
          maxLength={100}
          hint={DISPLAY_NAME_HINT}
        />
        <Field
          label="Password"
          type="password"
          value={password}
          onChange={setPassword}
          autoComplete="new-password"
          hint={NEW_PASSWORD_HINT}
        />
        <Field label="Confirm password" type="password" value={confirm} onChange={setConfirm} autoComplete="new-password" />
        <Notices error={action.error} message={action.message} />
        <button className="button" type="submit" disabled={action.busy}>
          Create account
        </button>
      </form>
      <p className="aside">
        Already have an account? <a href="/sign-in">Sign in</a>
      </p>
    </PageShell>
  );
}
