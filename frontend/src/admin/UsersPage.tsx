/** Admin: find users, change their role, disable or re-enable them. */

import { useState, type FormEvent } from "react";
import { listUsers, updateUser, type UserQuery } from "../api/account";
import { errorText } from "../api/client";
import { ROLES, USER_STATUSES, type Role, type UserPage, type UserRead, type UserStatus } from "../api/types";
import { Pagination } from "../search/Pagination";
import { useConfirm } from "../site/ConfirmDialog";
import { formatDate } from "../site/format";
import { Notices } from "../site/forms";
import { PageShell } from "../site/PageShell";
import { useAdminData } from "./useAdminData";

const PAGE_SIZE = 25;

export function UsersPage() {
  const [query, setQuery] = useState<UserQuery>({ q: "", role: "", status: "", page: 1, size: PAGE_SIZE });
  const [text, setText] = useState("");
  const key = JSON.stringify(query);
  const { data, error, loading, update } = useAdminData(key, () => listUsers(query));

  const search = (event: FormEvent) => {
    event.preventDefault();
    setQuery({ ...query, q: text.trim(), page: 1 });
  };
  const replaceUser = (user: UserRead) =>
    update((page: UserPage) => ({ ...page, users: page.users.map((u) => (u.id === user.id ? user : u)) }));

  return (
    <PageShell title="Users" wide>
      <form className="filters" role="search" onSubmit={search}>
        <div className="field">
          <label htmlFor="user-search">Search users</label>
          <input id="user-search" type="search" value={text} maxLength={200} placeholder="Email or name" onChange={(e) => setText(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="role-filter">Filter by role</label>
          <select id="role-filter" value={query.role} onChange={(e) => setQuery({ ...query, role: e.target.value as Role | "", page: 1 })}>
            <option value="">Any role</option>
            {ROLES.map((role) => (
              <option key={role}>{role}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="status-filter">Filter by status</label>
          <select
            id="status-filter"
            value={query.status}
            onChange={(e) => setQuery({ ...query, status: e.target.value as UserStatus | "", page: 1 })}
          >
            <option value="">Any status</option>
            {USER_STATUSES.map((status) => (
              <option key={status}>{status}</option>
            ))}
          </select>
        </div>
        <button className="button" type="submit">
          Search
        </button>
      </form>
      <Notices error={error} message={null} />
      <section aria-live="polite" aria-busy={loading}>
        {data ? (
          <>
            <p className="muted">
              {data.total.toLocaleString("en")} {data.total === 1 ? "user" : "users"}
            </p>
            {data.users.length > 0 ? <UserTable users={data.users} onChange={replaceUser} /> : null}
            <Pagination page={data.page} size={data.size} total={data.total} onPage={(page) => setQuery({ ...query, page })} />
          </>
        ) : null}
      </section>
    </PageShell>
  );
}

function UserTable({ users, onChange }: { users: UserRead[]; onChange: (user: UserRead) => void }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Email</th>
            <th scope="col">Display name</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            <th scope="col">Created</th>
            <th scope="col">Last sign-in</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <UserRow key={user.id} user={user} onChange={onChange} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One user, with a role picker and a disable/enable button. */
function UserRow({ user, onChange }: { user: UserRead; onChange: (user: UserRead) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { confirm, dialog } = useConfirm();
  const change = async (patch: { role?: Role; status?: "active" | "disabled" }) => {
    const question = patch.role
      ? confirmRole(user, patch.role)
      : patch.status === "disabled"
        ? {
            title: `Disable ${user.email}?`,
            body: <p>They are signed out everywhere at once, their API tokens stop working, and they cannot sign in until an admin enables them again.</p>,
            confirmLabel: "Disable user",
            tone: "danger" as const,
          }
        : null;
    if (question && !(await confirm(question))) return;
    setBusy(true);
    setError(null);
    try {
      onChange(await updateUser(user.id, patch));
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  };
  const roleId = `role-${user.id}`;
  return (
    <tr>
      <td>
        {dialog}
        {user.email}
        {error ? (
          <span className="inline-error" role="alert">
            {error}
          </span>
        ) : null}
      </td>
      <td>{user.display_name}</td>
      <td>
        <label htmlFor={roleId} className="visually-hidden">
          Role for {user.email}
        </label>
        <select id={roleId} value={user.role} disabled={busy} onChange={(e) => void change({ role: e.target.value as Role })}>
          {ROLES.map((role) => (
            <option key={role}>{role}</option>
          ))}
        </select>
      </td>
      <td>
        <span className={`badge ${user.status}`}>{user.status}</span>
      </td>
      <td>{formatDate(user.created_at)}</td>
      <td>{formatDate(user.last_login_at)}</td>
      <td>
        <button
          type="button"
          className="button secondary small"
          disabled={busy}
          onClick={() => void change({ status: user.status === "disabled" ? "active" : "disabled" })}
        >
          {user.status === "disabled" ? "Enable" : "Disable"}
        </button>
      </td>
    </tr>
  );
}

const ROLE_POWERS: Record<Role, string> = {
  shopper: "search and buy only",
  merchandiser: "edit and publish synonyms and rules, and read analytics",
  admin: "everything, including users, indexes, models and jobs",
};

/** The question a role change asks: who, from what to what, and what the new role may do. */
function confirmRole(user: UserRead, role: Role) {
  return {
    title: `Make ${user.email} ${role === "admin" ? "an" : "a"} ${role}?`,
    body: (
      <p>
        From {user.role} to {role}: they may then {ROLE_POWERS[role]}. It applies at once: their sessions end, and they sign in again.
      </p>
    ),
    confirmLabel: `Make ${role}`,
    tone: role === "admin" || user.role === "admin" ? ("danger" as const) : ("normal" as const),
  };
}
