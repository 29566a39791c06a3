/** Suggestions for what is being typed: debounced, with stale requests aborted. */

import { useEffect, useState } from "react";
import { suggest } from "../api/shop";
import type { Suggestion } from "../api/types";
import { continuesWord } from "./freshSuggestions";

const DEBOUNCE_MS = 120;

/** The suggestions for `text`, or none while `enabled` is false (e.g. before the user types). */
export function useSuggestions(text: string, enabled: boolean): Suggestion[] {
  const [answer, setAnswer] = useState<{ prefix: string; suggestions: Suggestion[] }>({ prefix: "", suggestions: [] });
  const prefix = text.trim();

  useEffect(() => {
    if (!enabled || !prefix) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      suggest(prefix, controller.signal)
        .then((data) => setAnswer({ prefix, suggestions: data.suggestions.slice(0, 10) }))
        .catch(() => {
          // Suggestions are a convenience: on failure the box simply offers none.
          if (!controller.signal.aborted) setAnswer({ prefix, suggestions: [] });
        });
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [prefix, enabled]);

  // The last answer stays up while the next is on its way, so the list does not flicker as one
  // types, but only within the same word: a new word must not flash the previous word's list.
  return enabled && prefix && continuesWord(answer.prefix, prefix) ? answer.suggestions : NONE;
}

const NONE: Suggestion[] = [];
