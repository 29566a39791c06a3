/**
 * Addresses set by staff (rule redirects, banner links, product images) that shoppers' browsers may follow or load.
 * The rule is the server's (core/links.py); both test suites check it against linkCases.json.
 */

import { safeNext } from "./next";

// C0 controls, space, DEL, C1 controls and backslash: browsers read "\" as "/" and drop tabs and newlines.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_CHARACTER = /[\u0000-\u0020\u007f-\u009f\\]/;
const WEB_ADDRESS = /^https?:\/\/[^/?#]/i;

/** Drop ordinary spaces at both ends (only those: other whitespace is refused). */
function trimmed(raw: string): string {
  return raw.replace(/^ +| +$/g, "");
}

/** Say whether `raw` is an absolute http(s) address with a host and nothing unsafe in it. */
function isWebAddress(link: string): boolean {
  return WEB_ADDRESS.test(link) && !UNSAFE_CHARACTER.test(link);
}

/** Say whether `raw` is a site path or an http(s) address, exactly as the server decides. */
export function isSafeLink(raw: string): boolean {
  const link = trimmed(raw);
  if (link.startsWith("/")) return !link.startsWith("//") && !UNSAFE_CHARACTER.test(link);
  return isWebAddress(link);
}

/** `raw` when it is a path on this site or an http(s) address, else null ("javascript:…", "data:…", "//host", "/\\host"). */
export function safeHref(raw: string | null | undefined): string | null {
  if (!raw || !isSafeLink(raw)) return null;
  const link = trimmed(raw);
  return link.startsWith("/") ? safeNext(link) : link;
}

/** `raw` when it is an http(s) address a product image may be loaded from, else null. */
export function safeImageSrc(raw: string | null | undefined): string | null {
  return raw && isWebAddress(trimmed(raw)) ? trimmed(raw) : null;
}
