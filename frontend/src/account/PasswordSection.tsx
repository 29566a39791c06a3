/** Change the password, proving the current one. */

import { useState, type FormEvent } from "react";
import { changePassword } from "../api/account";
import { Field, Notices, useAction } from "../site/forms";

export function PasswordSection() {
  const [current, setCurrent] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (password !== confirm) return action.fail("The new passwords do not match.");
    void action.run(async () => {
      await changePassword(current, password); // answers a new session (and CSRF token)
      setCurrent("");
      setPassword("");
      setConfirm("");
      return "Your password has been changed.";
    });
  };
  return (
    <section className="section" aria-labelledby="password-heading">
      <h2 id="password-heading">Change password</h2>
      <form className="form" onSubmit={submit}>
        <Field label="Current password" type="password" value={current} onChange={setCurrent} autoComplete="current-password" />
        <Field label="New password" type="password" value={password} onChange={setPassword} autoComplete="new-password" />
        <Field label="Confirm password" type="password" value={confirm} onChange={setConfirm} autoComplete="new-password" />
        <Notices error={action.error} message={action.message} />
        <button className="button" type="submit" disabled={action.busy}>
          Change password
        </button>
      </form>
    </section>
  );
}
