/** Load console data as a query; keep what is shown while it reloads, and tell a refusal (401/403) from other failures. */

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useCallback } from "react";
import { useAppQueryClient } from "../api/queryClient";
import { ApiError, errorText } from "../api/client";

export interface MerchData<T> {
  data: T | null;
  /** The API's own message, e.g. why access is refused. */
  error: string | null;
  refused: 401 | 403 | null;
  /** True until the first answer for this key arrives. */
  loading: boolean;
  reload: () => void;
  /** Show `data` at once, e.g. the answer of an action that returns it. */
  set: (data: T) => void;
}

export function useMerchLoad<T>(key: string, load: () => Promise<T>): MerchData<T> {
  const client = useAppQueryClient();
  const query = useQuery({ queryKey: ["merch", key], queryFn: load, placeholderData: keepPreviousData }, client);
  const status = query.error instanceof ApiError ? query.error.status : null;
  const refused = status === 401 || status === 403 ? status : null;
  const { refetch } = query;
  const reload = useCallback(() => void refetch(), [refetch]);
  const set = useCallback((data: T) => client.setQueryData(["merch", key], data), [client, key]);
  return {
    data: refused ? null : (query.data ?? null),
    error: query.error ? errorText(query.error) : null,
    refused,
    loading: query.isPending && !query.isError,
    reload,
    set,
  };
}
