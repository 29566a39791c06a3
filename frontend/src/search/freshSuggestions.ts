/** Whether suggestions answered for one prefix still fit what is typed now. */

/**
 * True while `current` only extends the last word of `answered` ("lap" → "lapt"): the old list
 * may stay up without flicker. A new word, a deletion or another text makes it stale.
 */
export function continuesWord(answered: string, current: string): boolean {
  const before = answered.toLowerCase();
  const now = current.toLowerCase();
  if (before === "" || !now.startsWith(before)) return false;
  return !/\s/.test(now.slice(before.length));
}
