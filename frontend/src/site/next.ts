/** Where to go after signing in: only a same-site path, never another origin. */

const BASE = "https://aisle.invalid";

/** Return `raw` as a path on this site, or null for anything else ("//evil", "https://…", "\\evil", ""). */
export function safeNext(raw: string | null | undefined): string | null {
  if (!raw || !raw.startsWith("/") || raw.startsWith("//")) return null;
  // Browsers read "\" as "/" and drop tabs and newlines, so "/\evil" and "/\t/evil" could leave the site.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  if (/[\\\u0000-\u001f\u007f]/.test(raw)) return null;
  try {
    const url = new URL(raw, BASE);
    return url.origin === BASE ? url.pathname + url.search + url.hash : null;
  } catch {
    return null;
  }
}

/** The sign-in page, coming back to `next` afterwards: "/sign-in?next=/account". */
export function signInUrl(next: string): string {
  return `/sign-in?next=${encodeURIComponent(next).replace(/%2F/gi, "/")}`;
}
