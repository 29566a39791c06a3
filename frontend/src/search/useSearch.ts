/** Fetch results whenever the search state changes, cancelling stale requests. */

import { useEffect, useState } from "react";
import { searchProducts } from "../api/client";
import type { SearchResponse } from "../api/types";
import type { SearchState } from "./urlState";

export interface SearchResult {
  data: SearchResponse | null;
  error: string | null;
  loading: boolean;
}

export function useSearch(state: SearchState): SearchResult {
  const [result, setResult] = useState<SearchResult>({ data: null, error: null, loading: true });

  useEffect(() => {
    const controller = new AbortController();
    setResult((previous) => ({ ...previous, loading: true }));
    searchProducts(state, controller.signal)
      .then((data) => setResult({ data, error: null, loading: false }))
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        setResult({ data: null, error: error instanceof Error ? error.message : String(error), loading: false });
      });
    return () => controller.abort();
  }, [state]);

  return result;
}
