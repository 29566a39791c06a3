/** The landing page of a console (/merch, /admin): each of its pages with one line on what it is for. */

import type { Role } from "../api/types";
import "./console.css";
import { signInUrl } from "./next";
import { PageShell } from "./PageShell";
import { useSession } from "./useSession";

export interface ConsoleLink {
  href: string;
  label: string;
  /** One line: what a person does there. */
  purpose: string;
}

export const MERCH_PAGES: readonly ConsoleLink[] = [
  { href: "/merch/synonyms", label: "Synonyms", purpose: "Words shoppers use for the same thing, and spelling corrections." },
  { href: "/merch/rules", label: "Rules", purpose: "Pin, hide, boost or filter products for a query; banners and redirects." },
  { href: "/merch/preview", label: "Preview", purpose: "See a query's results with the draft against what is published." },
  { href: "/merch/versions", label: "Versions", purpose: "Every published configuration: who, when and why; restore an old one." },
  { href: "/merch/suggestions", label: "Suggestions", purpose: "Synonyms and rules found in what shoppers searched and clicked." },
  { href: "/analytics", label: "Analytics", purpose: "Searches, clicks, zero-result queries and trends over time." },
  { href: "/experiments", label: "Experiments", purpose: "A/B tests of ranking and merchandising, and their results." },
];

export const ADMIN_PAGES: readonly ConsoleLink[] = [
  { href: "/admin/users", label: "Users", purpose: "Find people, change their role, disable or enable them." },
  { href: "/admin/indexes", label: "Indexes", purpose: "The search index: health, rebuild, roll back, parity check, sync." },
  { href: "/admin/jobs", label: "Jobs", purpose: "Background work: what ran, who started it, how it ended." },
  { href: "/admin/models", label: "Models", purpose: "Ranking models: their scores, which is active, train a new one." },
  { href: "/admin/mailbox", label: "Mailbox", purpose: "The mail Aisle sent (verification, password resets)." },
  { href: "/merch", label: "Merchandising", purpose: "The merchandisers' console: synonyms, rules, preview, analytics." },
];

const ALLOWED: Record<"merch" | "admin", readonly Role[]> = { merch: ["merchandiser", "admin"], admin: ["admin"] };

export function ConsoleIndex({ console: which }: { console: "merch" | "admin" }) {
  const { session } = useSession();
  const pages = which === "merch" ? MERCH_PAGES : ADMIN_PAGES;
  const role = session?.user?.role ?? null;
  const path = which === "merch" ? "/merch" : "/admin";
  return (
    <PageShell title={which === "merch" ? "Merchandising" : "Admin"} wide>
      {session && !session.user ? (
        <p>
          <a href={signInUrl(path)}>Sign in</a> as {which === "merch" ? "a merchandiser or admin" : "an admin"} to use these pages.
        </p>
      ) : null}
      {role && !ALLOWED[which].includes(role) ? (
        <p className="muted">These pages are for {which === "merch" ? "merchandisers and admins" : "admins"}; your account is a {role}.</p>
      ) : null}
      <ul className="console-index" aria-label={`${which === "merch" ? "Merchandising" : "Admin"} pages`}>
        {pages.map((page) => (
          <li key={page.href}>
            <a href={page.href}>{page.label}</a>
            <p>{page.purpose}</p>
          </li>
        ))}
      </ul>
    </PageShell>
  );
}
