/** Follow one job as a query: fetched every second while it is queued or running, and say when it ends. */

import { useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { getJob } from "../api/admin";
import { useAppQueryClient } from "../api/queryClient";
import { ApiError, errorText } from "../api/client";
import type { Job } from "../api/types";
import { justEnded, nextJobPoll } from "./jobs";

export interface WatchedJob {
  job: Job | null;
  /** Why the last refresh failed (it is tried again), or null. */
  error: string | null;
  /** Show this state of the job (from any answer that carries it) and follow it from now on. */
  show: (job: Job) => void;
}

/** `load` fetches the job again; by default the admin route, a page for merchandisers passes its own. */
export function useWatchedJob(onEnded: (job: Job) => void, _here?: string, load: (id: number) => Promise<Job> = getJob): WatchedJob {
  const client = useAppQueryClient();
  const [id, setId] = useState<number | null>(null);
  const ended = useRef(onEnded);
  useEffect(() => {
    ended.current = onEnded;
  }, [onEnded]);

  const query = useQuery({
    queryKey: ["job", id],
    queryFn: () => load(id ?? 0),
    // The job arrives with `show` (an action's answer); the polls after it refresh it.
    enabled: id !== null,
    refetchInterval: (q) => {
      const error = q.state.error;
      // Not allowed, gone, or off to sign-in: stop; other failures are tried again.
      if (error instanceof ApiError && (error.status === 403 || error.status === 404 || error.redirecting)) return false;
      return nextJobPoll(q.state.data ?? null) ?? false;
    },
  }, client);
  const job = query.data ?? null;

  const seen = useRef<Job | null>(null);
  useEffect(() => {
    if (job === null || job === seen.current) return;
    const before = seen.current;
    seen.current = job;
    if (justEnded(before, job)) ended.current(job);
  }, [job]);

  const show = useCallback(
    (next: Job) => {
      client.setQueryData(["job", next.id], next);
      setId(next.id);
    },
    [client],
  );

  const error = query.error && !(query.error instanceof ApiError && query.error.redirecting) ? errorText(query.error) : null;
  return { job, error, show };
}
