/** Follow one job: fetch it every second while it is queued or running, and say when it ends. */

import { useCallback, useEffect, useRef, useState } from "react";
import { getJob } from "../api/admin";
import { ApiError, errorText } from "../api/client";
import type { Job } from "../api/types";
import { signInUrl } from "../site/next";
import { justEnded, nextJobPoll } from "./jobs";

export interface WatchedJob {
  job: Job | null;
  /** Why the last refresh failed (it is tried again), or null. */
  error: string | null;
  /** Show this state of the job (from any answer that carries it) and follow it from now on. */
  show: (job: Job) => void;
}

/** `load` fetches the job again; by default the admin route, a page for merchandisers passes its own. */
export function useWatchedJob(
  onEnded: (job: Job) => void,
  here: string,
  load: (id: number) => Promise<Job> = getJob,
): WatchedJob {
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [retry, setRetry] = useState(0);
  const current = useRef<Job | null>(null);
  const ended = useRef(onEnded);
  useEffect(() => {
    ended.current = onEnded;
  }, [onEnded]);

  const show = useCallback((next: Job) => {
    const before = current.current;
    current.current = next;
    setJob(next);
    setError(null);
    if (justEnded(before, next)) ended.current(next);
  }, []);

  useEffect(() => {
    const delay = nextJobPoll(job);
    if (job === null || delay === null) return;
    let live = true;
    const timer = setTimeout(() => {
      load(job.id)
        .then((next) => live && show(next))
        .catch((caught: unknown) => {
          if (!live) return;
          if (caught instanceof ApiError && caught.status === 401) {
            window.location.assign(signInUrl(here));
            return;
          }
          setError(errorText(caught));
          if (!(caught instanceof ApiError && (caught.status === 403 || caught.status === 404))) setRetry((r) => r + 1);
        });
    }, delay);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [job, retry, show, here, load]);

  return { job, error, show };
}
