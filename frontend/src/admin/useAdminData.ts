/** Load admin-only data as a query: the middleware sends a 401 to sign-in; a 403 says the admin role is needed. */

import { useQuery } from "@tanstack/react-query";
import { useAppQueryClient } from "../api/queryClient";
import { ApiError, errorText } from "../api/client";

export const ADMIN_ONLY = "You need the admin role to see this page.";

export interface AdminData<T> {
  data: T | null;
  error: string | null;
  /** True from the render that changes the key until its answer arrives (another key's data is not shown). */
  loading: boolean;
  /** Replace the loaded data, e.g. after editing one row. */
  update: (change: (data: T) => T) => void;
}

/** What to show for an admin query's failure: nothing while sign-in takes over, the role for a 403. */
export function adminErrorText(error: unknown): string | null {
  if (error === null || error === undefined) return null;
  if (error instanceof ApiError && error.redirecting) return null;
  return error instanceof ApiError && error.status === 403 ? ADMIN_ONLY : errorText(error);
}

export function useAdminData<T>(key: string, load: () => Promise<T>): AdminData<T> {
  const client = useAppQueryClient();
  const queryKey = ["admin", key];
  const query = useQuery({ queryKey, queryFn: load }, client);
  return {
    data: query.data ?? null,
    error: query.data === undefined ? adminErrorText(query.error) : null,
    loading: query.isPending && !query.isError,
    update: (change) => client.setQueryData<T>(queryKey, (data) => (data === undefined ? data : change(data))),
  };
}
