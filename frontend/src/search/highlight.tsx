/** Render a server highlight safely: only <em> becomes markup, everything else is text. */

import type { ReactNode } from "react";

const ENTITIES: Record<string, string> = {
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&#x27;": "'",
  "&#39;": "'",
  "&#x2F;": "/",
};

/** Decode the HTML entities the server's encoder produces. */
export function decodeEntities(text: string): string {
  return text.replace(/&(?:amp|lt|gt|quot|#x27|#39|#x2F);/g, (entity) => ENTITIES[entity] ?? entity);
}

/** Split "a <em>b</em> c" into text and emphasised parts. */
export function splitHighlight(fragment: string): { text: string; em: boolean }[] {
  return fragment
    .split(/(<em>.*?<\/em>)/g)
    .filter((part) => part !== "")
    .map((part) =>
      part.startsWith("<em>")
        ? { text: decodeEntities(part.slice(4, -5)), em: true }
        : { text: decodeEntities(part), em: false },
    );
}

export function Highlighted({ fragment, fallback }: { fragment?: string; fallback: string }): ReactNode {
  if (!fragment) return fallback;
  return splitHighlight(fragment).map((part, i) => (part.em ? <mark key={i}>{part.text}</mark> : part.text));
}
