/** A small form that mails a fresh verification link. */

import { useState, type FormEvent } from "react";
import { resendVerification } from "../api/account";
import { Field, Notices, useAction } from "../site/forms";

export function ResendVerification() {
  const [email, setEmail] = useState("");
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => (await resendVerification(email.trim())).message);
  };
  return (
    <form className="form compact" onSubmit={submit} aria-label="Resend verification email">
      <Field label="Email" type="email" value={email} onChange={setEmail} autoComplete="email" />
      <Notices error={action.error} message={action.message} />
      <button className="button" type="submit" disabled={action.busy}>
        Resend verification email
      </button>
    </form>
  );
}
