/** Delete the account for good, after asking for the password again. */

import { useState, type FormEvent } from "react";
import { deleteAccount } from "../api/account";
import { Field, Notices, useAction } from "../site/forms";

export function DeleteSection() {
  const [password, setPassword] = useState("");
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      await deleteAccount(password);
      window.location.assign("/");
    });
  };
  return (
    <section className="section danger" aria-labelledby="delete-heading">
      <h2 id="delete-heading">Delete account</h2>
      <p>
        This removes your profile, your cart, your API tokens, your search and viewing history and the mail we
        sent you, and signs you out. What you searched and clicked is kept only anonymously, unlinked from you.
        It cannot be undone.
      </p>
      <form className="form" onSubmit={submit}>
        <Field label="Password" type="password" value={password} onChange={setPassword} autoComplete="current-password" />
        <Notices error={action.error} message={null} />
        <button className="button danger" type="submit" disabled={action.busy}>
          Delete account
        </button>
      </form>
    </section>
  );
}
