/** A disclosure menu of header links: a button that shows and hides its list (WAI-ARIA disclosure). */

import { useEffect, useId, useRef, useState, type FocusEvent, type KeyboardEvent } from "react";

export interface MenuLink {
  href: string;
  label: string;
}

export function StaffMenu({ label, links }: { label: string; links: MenuLink[] }) {
  const [open, setOpen] = useState(false);
  const listId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const here = typeof window === "undefined" ? "" : window.location.pathname;

  // A tap or click anywhere else closes the menu, as people expect of a dropdown.
  useEffect(() => {
    if (!open) return;
    const away = (event: PointerEvent) => {
      if (root.current && !root.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", away);
    return () => document.removeEventListener("pointerdown", away);
  }, [open]);

  const keyDown = (event: KeyboardEvent) => {
    if (event.key !== "Escape" || !open) return;
    setOpen(false);
    button.current?.focus();
  };
  // Tabbing past the last link closes the menu instead of leaving it open over the page.
  const blur = (event: FocusEvent) => {
    if (!root.current?.contains(event.relatedTarget)) setOpen(false);
  };
  const current = links.some((link) => here.startsWith(link.href));
  return (
    <div className="menu" ref={root} onKeyDown={keyDown} onBlur={blur}>
      <button
        ref={button}
        type="button"
        className={current ? "menu-button current" : "menu-button"}
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => setOpen(!open)}
      >
        {label}
      </button>
      <ul id={listId} className="menu-list" hidden={!open}>
        {links.map((link) => (
          <li key={link.href}>
            <a href={link.href} aria-current={here === link.href ? "page" : undefined}>
              {link.label}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
