/** Who the user is, with the display name editable. */

import { useState, type FormEvent } from "react";
import { updateAccount } from "../api/account";
import type { UserRead } from "../api/types";
import { formatDate } from "../site/format";
import { Field, Notices, useAction } from "../site/forms";
import { DISPLAY_NAME_HINT } from "./passwordRules";

export function ProfileSection({ user, onChange }: { user: UserRead; onChange: (user: UserRead) => void }) {
  const [displayName, setDisplayName] = useState(user.display_name);
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      const updated = await updateAccount(displayName.trim());
      onChange(updated);
      setDisplayName(updated.display_name);
      return "Your display name has been saved.";
    });
  };
  return (
    <section className="section" aria-labelledby="profile-heading">
      <h2 id="profile-heading">Profile</h2>
      <dl className="facts">
        <dt>Email</dt>
        <dd>{user.email}</dd>
        <dt>Role</dt>
        <dd>{user.role}</dd>
        <dt>Status</dt>
        <dd>{user.status}</dd>
        <dt>Member since</dt>
        <dd>{formatDate(user.created_at)}</dd>
        <dt>Last sign-in</dt>
        <dd>{formatDate(user.last_login_at)}</dd>
      </dl>
      <form className="form inline" onSubmit={submit}>
        <Field
          label="Display name"
          value={displayName}
          onChange={setDisplayName}
          autoComplete="nickname"
          maxLength={100}
          hint={DISPLAY_NAME_HINT}
        />
        <button className="button" type="submit" disabled={action.busy}>
          Save
        </button>
      </form>
      <Notices error={action.error} message={action.message} />
    </section>
  );
}
