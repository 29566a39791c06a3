/** Fetch results whenever the search state changes; the last results stay up until the new ones arrive. */

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useAppQueryClient } from "../api/queryClient";
import { searchProducts } from "../api/client";
import type { SearchResponse } from "../api/types";
import { toQueryString, type SearchState } from "./urlState";

export interface SearchResult {
  data: SearchResponse | null;
  error: string | null;
  /** True from the render that changes the state until its answer is shown. */
  loading: boolean;
}

export function useSearch(state: SearchState): SearchResult {
  const client = useAppQueryClient();
  // The URL's query string names the search; a state left for another is cancelled (its signal aborts).
  const query = useQuery({
    queryKey: ["search", toQueryString(state)],
    queryFn: ({ signal }) => searchProducts(state, signal),
    // A filter click keeps the current results on screen (marked loading) instead of blanking them.
    placeholderData: keepPreviousData,
  }, client);
  const error = query.error;
  return {
    data: error ? null : (query.data ?? null),
    error: error ? (error instanceof Error ? error.message : String(error)) : null,
    loading: query.isPending || query.isPlaceholderData,
  };
}
