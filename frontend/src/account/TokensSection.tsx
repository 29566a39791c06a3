/** Personal API tokens: list, create (the secret is shown once) and revoke. */

import { useState, type Dispatch, type FormEvent, type SetStateAction } from "react";
import { createToken, revokeToken } from "../api/account";
import type { ApiTokenCreated, ApiTokenRead } from "../api/types";
import { formatDate } from "../site/format";
import { Field, Notices, useAction } from "../site/forms";

/** The account page loads the tokens: the password section names them before a change. */
export function TokensSection({
  tokens,
  setTokens,
  loadError,
}: {
  tokens: ApiTokenRead[] | null;
  setTokens: Dispatch<SetStateAction<ApiTokenRead[] | null>>;
  loadError: string | null;
}) {
  const [created, setCreated] = useState<ApiTokenCreated | null>(null);
  const revoke = useAction();

  const onCreated = (token: ApiTokenCreated) => {
    setCreated(token);
    // Only the new-token box keeps the secret; the list gets the same fields as a listing.
    const listed: ApiTokenRead = {
      id: token.id,
      name: token.name,
      prefix: token.prefix,
      created_at: token.created_at,
      last_used_at: token.last_used_at,
      expires_at: token.expires_at,
    };
    setTokens((list) => [listed, ...(list ?? [])]);
  };

  const onRevoke = (token: ApiTokenRead) =>
    void revoke.run(async () => {
      await revokeToken(token.id);
      setTokens((list) => (list ?? []).filter((t) => t.id !== token.id));
      if (created?.id === token.id) setCreated(null);
      return `Token “${token.name}” has been revoked.`;
    });

  return (
    <section className="section" aria-labelledby="tokens-heading">
      <h2 id="tokens-heading">API tokens</h2>
      <p>Tokens let scripts call the API as you. Keep them secret; revoke any you no longer use.</p>
      <Notices error={loadError ?? revoke.error} message={revoke.message} />
      {tokens === null ? null : tokens.length === 0 ? (
        <p className="muted">You have no API tokens.</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Prefix</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Expires</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => (
                <tr key={token.id}>
                  <td>{token.name}</td>
                  <td>
                    <code>{token.prefix}…</code>
                  </td>
                  <td>{formatDate(token.created_at)}</td>
                  <td>{formatDate(token.last_used_at)}</td>
                  <td>{formatDate(token.expires_at)}</td>
                  <td>
                    <button type="button" className="button secondary small" disabled={revoke.busy} onClick={() => onRevoke(token)}>
                      Revoke
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {/* A new password revokes every token: a revoked one's secret is no use to show. */}
      {created && tokens?.some((t) => t.id === created.id) ? (
        <div className="new-token">
          <p>
            Your new token “{created.name}”: copy it now, <strong>it will not be shown again</strong>.
          </p>
          <code>{created.token}</code>
        </div>
      ) : null}
      <CreateTokenForm onCreated={onCreated} />
    </section>
  );
}

/** Name a token and optionally let it expire after some days. */
function CreateTokenForm({ onCreated }: { onCreated: (token: ApiTokenCreated) => void }) {
  const [name, setName] = useState("");
  const [days, setDays] = useState("");
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const expires = days.trim() === "" ? null : Number(days);
    if (expires !== null && !(Number.isInteger(expires) && expires >= 1 && expires <= 3650)) {
      return action.fail("The expiry must be a whole number of days from 1 to 3650.");
    }
    void action.run(async () => {
      onCreated(await createToken(name.trim(), expires));
      setName("");
      setDays("");
    });
  };
  return (
    <form className="form" onSubmit={submit} aria-label="Create an API token">
      <Field label="Token name" value={name} onChange={setName} autoComplete="off" maxLength={100} />
      <Field
        label="Expires in days"
        type="number"
        value={days}
        onChange={setDays}
        required={false}
        min={1}
        max={3650}
        hint="Optional: leave empty for a token that does not expire."
      />
      <Notices error={action.error} message={null} />
      <button className="button" type="submit" disabled={action.busy}>
        Create token
      </button>
    </form>
  );
}
