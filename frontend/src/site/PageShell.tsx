/** The frame of the account, cart and console pages: the site header (with search), then a titled main column. */

import { useEffect, type ReactNode } from "react";
import { SiteHeader } from "./SiteHeader";

export function PageShell({
  title,
  children,
  wide = false,
  signOutButton = true,
}: {
  title: string;
  children: ReactNode;
  wide?: boolean;
  signOutButton?: boolean;
}) {
  useEffect(() => {
    document.title = `${title} — Aisle`;
  }, [title]);
  return (
    <div className="page">
      <SiteHeader signOutButton={signOutButton} />
      <main id="main" className={wide ? "panel wide" : "panel"}>
        <h1>{title}</h1>
        {children}
      </main>
    </div>
  );
}
