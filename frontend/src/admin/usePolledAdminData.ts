/**
 * Like useAdminData, but asks again: after each answer `every(data)` says how many milliseconds
 * to wait before the next request, or null to stop. Data stays on screen while it refreshes.
 */

import { useQuery } from "@tanstack/react-query";
import { useCallback } from "react";
import { useAppQueryClient } from "../api/queryClient";
import { ApiError } from "../api/client";
import { adminErrorText, type AdminData } from "./useAdminData";

export interface PolledAdminData<T> extends AdminData<T> {
  /** Ask again now (e.g. after an action changed the data). */
  reload: () => void;
}

export function usePolledAdminData<T>(
  key: string,
  load: () => Promise<T>,
  _here: string,
  every: (data: T | null) => number | null,
): PolledAdminData<T> {
  const client = useAppQueryClient();
  const queryKey = ["admin", key];
  const query = useQuery({
    queryKey,
    queryFn: load,
    // Polled data is stale as soon as it arrives: each poll asks the server.
    staleTime: 0,
    refetchInterval: (q) => {
      const error = q.state.error;
      // A refusal stops the polling (a 403 stays one; a 401 has gone to sign-in); other failures ask again.
      if (error instanceof ApiError && (error.status === 403 || error.redirecting)) return false;
      return every(q.state.data ?? null) ?? false;
    },
  }, client);
  const { refetch } = query;
  const reload = useCallback(() => void refetch(), [refetch]);
  // A failed refresh keeps what was shown, and says why.
  const error = adminErrorText(query.error);
  return {
    data: query.data ?? null,
    error,
    loading: query.isPending && !query.isError,
    update: (change) => client.setQueryData<T>(queryKey, (data) => (data === undefined ? data : change(data))),
    reload,
  };
}
