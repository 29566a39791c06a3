/** Dates as people read them. */

/** "12 Mar 2025, 14:05", or `never` for a missing date. */
export function formatDate(iso: string | null, never = "Never"): string {
  if (!iso) return never;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" });
}

/** A calendar date such as a release date, "1 Mar 2021", read in UTC so it never shifts a day. */
export function formatDay(iso: string | null, never = ""): string {
  if (!iso) return never;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleDateString("en-GB", { dateStyle: "medium", timeZone: "UTC" });
}
