/** Comma-separated text fields of the console: brands, types and product ids typed as one line. */

/** "Sony, LG ,,sony" → ["Sony", "LG", "sony"]: trimmed, empties dropped, exact repeats dropped. */
export function parseList(text: string): string[] {
  const values = text
    .split(",")
    .map((value) => value.trim())
    .filter(Boolean);
  return [...new Set(values)];
}

/** The reverse of parseList: ["Sony", "LG"] → "Sony, LG". */
export function joinList(values: readonly (string | number)[]): string {
  return values.join(", ");
}

/** "12, 7 ,12" → { ids: [12, 7] }, or the first thing that is no product id. */
export function parseIds(text: string): { ids: number[]; bad: null } | { ids: null; bad: string } {
  const ids: number[] = [];
  for (const value of parseList(text)) {
    if (!/^\d+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) return { ids: null, bad: value };
    const id = Number(value);
    if (!ids.includes(id)) ids.push(id);
  }
  return { ids, bad: null };
}
