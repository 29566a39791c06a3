/** The one TanStack Query client: every page's server data is cached here under the same stale-data rule. */

import { QueryClient, QueryClientContext } from "@tanstack/react-query";
import { useContext } from "react";

/**
 * The stale-data rule, the same for every query: an answer counts as fresh for 30 s (a page
 * opened again within that shows it without asking), a stale one is shown while it refetches;
 * no refetch on window focus, and no automatic retry (the UI says what failed; polling asks again).
 */
export const STALE_MS = 30_000;

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: STALE_MS, retry: false, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
}

export const queryClient = createQueryClient();

/**
 * The QueryClientProvider's client (main.tsx provides `queryClient`), else `queryClient` itself:
 * components then also render outside a provider, as the static-markup tests render them.
 */
export function useAppQueryClient(): QueryClient {
  return useContext(QueryClientContext) ?? queryClient;
}
