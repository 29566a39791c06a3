/** Addresses set by staff (rule redirects, banner links) that shoppers' browsers may follow: web pages only. */

import { safeNext } from "./next";

/** `raw` when it is a path on this site or an http(s) address, else null ("javascript:…", "data:…", "//host"). */
export function safeHref(raw: string | null | undefined): string | null {
  const text = raw?.trim() ?? "";
  if (!text) return null;
  if (text.startsWith("/")) return safeNext(text);
  try {
    const url = new URL(text);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}
