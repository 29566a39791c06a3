/** The header of every page: a skip link, the logo, a search box, and who is signed in. */

import { useState, type MouseEvent, type ReactNode } from "react";
import { signOut } from "../api/account";
import { errorText } from "../api/client";
import { useCart } from "../cart/useCart";
import { lastQuery } from "../search/lastQuery";
import { SearchBox } from "../search/SearchBox";
import { StaffMenu, type MenuLink } from "./StaffMenu";
import { useSession } from "./useSession";

const MERCH_LINKS: MenuLink[] = [
  { href: "/merch/synonyms", label: "Synonyms" },
  { href: "/merch/rules", label: "Rules" },
  { href: "/merch/preview", label: "Preview" },
  { href: "/merch/versions", label: "Versions" },
  { href: "/merch/suggestions", label: "Suggestions" },
  { href: "/analytics", label: "Analytics" },
  { href: "/experiments", label: "Experiments" },
];
const ADMIN_LINKS: MenuLink[] = [
  { href: "/admin/users", label: "Users" },
  { href: "/admin/mailbox", label: "Mailbox" },
  { href: "/admin/indexes", label: "Indexes" },
  { href: "/admin/jobs", label: "Jobs" },
  { href: "/admin/models", label: "Models" },
];

/**
 * `children` replaces the default search box (the results page passes its own, bound to the
 * URL); `skipTo` names the element the skip link jumps to (else the page's <main>).
 */
export function SiteHeader({
  children,
  signOutButton = true,
  skipTo = "main",
  skipLabel = "Skip to main content",
}: {
  children?: ReactNode;
  signOutButton?: boolean;
  skipTo?: string;
  skipLabel?: string;
}) {
  return (
    <header className="top">
      <a className="skip-link" href={`#${skipTo}`} onClick={(event) => skip(event, skipTo)}>
        {skipLabel}
      </a>
      <a className="logo" href="/" aria-label="Aisle home">
        aisle
      </a>
      {children ?? <HeaderSearch />}
      <UserNav signOutButton={signOutButton} />
    </header>
  );
}

/** Move the focus (not only the view) past the header, to the named element or the page's <main>. */
function skip(event: MouseEvent<HTMLAnchorElement>, id: string) {
  const target = document.getElementById(id) ?? document.querySelector("main");
  if (!(target instanceof HTMLElement)) return;
  event.preventDefault();
  if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
  target.focus();
}

/** Search from any page; the box keeps the query of the results the shopper came from. */
function HeaderSearch() {
  return <SearchBox query={lastQuery()} onSearch={(q) => window.location.assign(q ? `/?${new URLSearchParams({ q })}` : "/")} />;
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

/** The cart; signed out: a "Sign in" link; signed in: orders, the account, the staff menus and "Sign out". */
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
          {user.role === "merchandiser" || user.role === "admin" ? <StaffMenu label="Merchandising" links={MERCH_LINKS} /> : null}
          {user.role === "admin" ? <StaffMenu label="Admin" links={ADMIN_LINKS} /> : null}
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
