/** The header of every page: logo, an optional search box, and who is signed in. */

import { useState, type ReactNode } from "react";
import { signOut } from "../api/account";
import { errorText } from "../api/client";
import { useCart } from "../cart/useCart";
import { useSession } from "./useSession";

export function SiteHeader({ children, signOutButton = true }: { children?: ReactNode; signOutButton?: boolean }) {
  return (
    <header className="top">
      <a className="logo" href="/" aria-label="Aisle home">
        aisle
      </a>
      {children}
      <UserNav signOutButton={signOutButton} />
    </header>
  );
}

/** The cart with its item count, kept up to date by the shared cart store. */
function CartLink() {
  const { cart } = useCart();
  return (
    <a href="/cart" data-testid="cart-link">
      Cart{cart ? ` (${cart.item_count})` : ""}
    </a>
  );
}

/** The cart; signed out: a "Sign in" link; signed in: orders, the account, console and admin links and "Sign out". */
function UserNav({ signOutButton }: { signOutButton: boolean }) {
  const { session, failed } = useSession();
  const user = session?.user ?? null;
  if (!session && !failed)
    return (
      <nav className="user-nav" aria-label="Account">
        <CartLink />
      </nav>
    );
  return (
    <nav className="user-nav" aria-label="Account">
      <CartLink />
      {user ? (
        <>
          <a href="/orders">Orders</a>
          <a href="/account">{user.display_name}</a>
          {user.role === "merchandiser" || user.role === "admin" ? (
            <>
              <a href="/merch/synonyms">Synonyms</a>
              <a href="/merch/rules">Rules</a>
              <a href="/merch/preview">Preview</a>
              <a href="/merch/versions">Versions</a>
              <a href="/merch/suggestions">Suggestions</a>
              <a href="/analytics">Analytics</a>
              <a href="/experiments">Experiments</a>
            </>
          ) : null}
          {user.role === "admin" ? (
            <>
              <a href="/admin/users">Users</a>
              <a href="/admin/mailbox">Mailbox</a>
              <a href="/admin/indexes">Indexes</a>
              <a href="/admin/jobs">Jobs</a>
              <a href="/admin/models">Models</a>
            </>
          ) : null}
          {signOutButton ? <SignOutButton className="link" /> : null}
        </>
      ) : (
        <a href="/sign-in">Sign in</a>
      )}
    </nav>
  );
}

/** End the session, then start over on the home page. */
export function SignOutButton({ className = "button secondary" }: { className?: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const click = async () => {
    setBusy(true);
    setError(null);
    try {
      await signOut();
      window.location.assign("/");
    } catch (caught) {
      setError(errorText(caught));
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className={className} disabled={busy} onClick={() => void click()}>
        Sign out
      </button>
      {error ? (
        <span className="inline-error" role="alert">
          {error}
        </span>
      ) : null}
    </>
  );
}
