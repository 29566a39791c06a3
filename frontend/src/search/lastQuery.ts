/** The shopper's latest query in this tab, so the search box keeps it on pages reached from a search. */

const KEY = "aisle:last-query";

/** Remember the query the results page shows ("" when the shopper cleared it). */
export function rememberQuery(q: string): void {
  try {
    window.sessionStorage.setItem(KEY, q);
  } catch {
    // Storage may be off (private mode, quotas): the box then simply starts empty.
  }
}

/** The query of the latest results page in this tab, or "". */
export function lastQuery(): string {
  try {
    return typeof window === "undefined" ? "" : (window.sessionStorage.getItem(KEY) ?? "");
  } catch {
    return "";
  }
}
