/** Ask for a password reset link by email. */

import { useState, type FormEvent } from "react";
import { forgotPassword } from "../api/account";
import { Field, Notices, useAction } from "../site/forms";
import { PageShell } from "../site/PageShell";

export function ForgotPasswordPage() {
  const [email, setEmail] = useState("");
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => (await forgotPassword(email.trim())).message);
  };
  return (
    <PageShell title="Forgot your password?">
      <p>Enter the email of your account and we will send a link to choose a new password.</p>
      <form className="form" onSubmit={submit}>
        <Field label="Email" type="email" value={email} onChange={setEmail} autoComplete="email" />
        <Notices error={action.error} message={action.message} />
        <button className="button" type="submit" disabled={action.busy}>
          Send reset link
        </button>
      </form>
      <p className="aside">
        <a href="/sign-in">Back to sign in</a>
      </p>
    </PageShell>
  );
}
