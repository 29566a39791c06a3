/** The shared session (query data), loaded at first use and re-rendered whenever any answer replaces it. */

import { useQuery } from "@tanstack/react-query";
import { useAppQueryClient } from "../api/queryClient";
import { sessionQuery } from "../api/session";
import type { SessionRead } from "../api/types";

export function useSession(): { session: SessionRead | null; failed: boolean } {
  const client = useAppQueryClient();
  const query = useQuery(sessionQuery, client);
  return { session: query.data ?? null, failed: query.isError };
}
