/** Fetch results whenever the search state changes, cancelling stale requests. */

import { useEffect, useState } from "react";
import { searchProducts } from "../api/client";
import type { SearchResponse } from "../api/types";
import { toQueryString, type SearchState } from "./urlState";

export interface SearchResult {
  data: SearchResponse | null;
  error: string | null;
  /** True from the render that changes the state until its answer is shown. */
  loading: boolean;
}

interface Answer {
  key: string;
  data: SearchResponse | null;
  error: string | null;
}

export function useSearch(state: SearchState): SearchResult {
  const key = toQueryString(state);
  const [answer, setAnswer] = useState<Answer>({ key: "\u0000", data: null, error: null });

  useEffect(() => {
    const controller = new AbortController();
    searchProducts(state, controller.signal)
      .then((data) => setAnswer({ key, data, error: null }))
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        setAnswer({ key, data: null, error: error instanceof Error ? error.message : String(error) });
      });
    return () => controller.abort();
  }, [key]); // eslint-disable-line react-hooks/exhaustive-deps -- the key is the state

  return { data: answer.data, error: answer.error, loading: answer.key !== key };
}
