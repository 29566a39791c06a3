/** Suggestions for what is being typed: debounced, with stale requests aborted. */

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useAppQueryClient } from "../api/queryClient";
import { useEffect, useState } from "react";
import { suggest } from "../api/shop";
import type { Suggestion } from "../api/types";
import { continuesWord } from "./freshSuggestions";

const DEBOUNCE_MS = 120;

/** `value`, once it has stayed the same for `delay` ms. */
function useDebounced(value: string, delay: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return settled;
}

/** The suggestions for `text`, or none while `enabled` is false (e.g. before the user types). */
export function useSuggestions(text: string, enabled: boolean): Suggestion[] {
  const client = useAppQueryClient();
  const prefix = text.trim();
  const settled = useDebounced(prefix, DEBOUNCE_MS);
  const query = useQuery({
    queryKey: ["suggest", settled],
    // Each answer keeps the prefix it was for, so a kept answer can be told from a fresh one.
    queryFn: async ({ signal }) => ({ prefix: settled, suggestions: (await suggest(settled, signal)).suggestions.slice(0, 10) }),
    enabled: enabled && settled !== "",
    placeholderData: keepPreviousData,
  }, client);
  // The last answer stays up while the next is on its way, so the list does not flicker as one
  // types, but only within the same word: a new word must not flash the previous word's list.
  // Suggestions are a convenience: on failure the box simply offers none.
  const answer = query.isError ? undefined : query.data;
  return enabled && prefix && answer && continuesWord(answer.prefix, prefix) ? answer.suggestions : NONE;
}

const NONE: Suggestion[] = [];
