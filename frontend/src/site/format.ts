/** Dates as people read them. */

/** "12 Mar 2025, 14:05", or `never` for a missing date. */
export function formatDate(iso: string | null, never = "Never"): string {
  if (!iso) return never;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" });
}
