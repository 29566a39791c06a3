import type { PartialMatch } from "../api/types";

/** Tell the shopper the results are a partial match: which words were not found, what is shown instead. */
export function partialNotice(query: string, partial: PartialMatch): string {
  const missing = partial.missing.length ? ` No product mentions ${quoted(partial.missing)}.` : "";
  if (partial.dropped.length && partial.showing) {
    return `No results for “${query}” — showing results for “${partial.showing}”.${missing}`;
  }
  if (partial.missing.length) {
    return `No results for “${query}” — showing close spellings.${missing}`;
  }
  return `No product matches every word of “${query}”; those matching some of them follow.`;
}

function quoted(words: string[]): string {
  return words.map((word) => `“${word}”`).join(", ");
}
