/**
 * Like useAdminData, but asks again: after each answer `every(data)` says how many milliseconds
 * to wait before the next request, or null to stop. Data stays on screen while it refreshes.
 */

import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, errorText } from "../api/client";
import { signInUrl } from "../site/next";
import { ADMIN_ONLY, type AdminData } from "./useAdminData";

interface Answer<T> {
  key: string;
  data: T | null;
  error: string | null;
}

export interface PolledAdminData<T> extends AdminData<T> {
  /** Ask again now (e.g. after an action changed the data). */
  reload: () => void;
}

export function usePolledAdminData<T>(
  key: string,
  load: () => Promise<T>,
  here: string,
  every: (data: T | null) => number | null,
): PolledAdminData<T> {
  const [answer, setAnswer] = useState<Answer<T>>({ key: "\u0000", data: null, error: null });
  const [tick, setTick] = useState(0);
  const latest = useRef<{ key: string; data: T | null }>({ key: "\u0000", data: null });

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const again = (data: T | null) => {
      const delay = every(data);
      if (delay !== null) timer = setTimeout(() => setTick((t) => t + 1), delay);
    };
    load()
      .then((data) => {
        if (!live) return;
        latest.current = { key, data };
        setAnswer({ key, data, error: null });
        again(data);
      })
      .catch((error: unknown) => {
        if (!live) return;
        if (error instanceof ApiError && error.status === 401) {
          window.location.assign(signInUrl(here));
          return;
        }
        const forbidden = error instanceof ApiError && error.status === 403;
        // A failed refresh keeps what was shown; a new key shows nothing stale.
        const kept = latest.current.key === key ? latest.current.data : null;
        setAnswer({ key, data: kept, error: forbidden ? ADMIN_ONLY : errorText(error) });
        if (!forbidden) again(kept);
      });
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [key, tick]); // eslint-disable-line react-hooks/exhaustive-deps -- the key and tick name the request

  const reload = useCallback(() => setTick((t) => t + 1), []);
  const loading = answer.key !== key;
  return {
    data: loading ? null : answer.data,
    error: loading ? null : answer.error,
    loading,
    update: (change) => setAnswer((a) => (a.data === null ? a : { ...a, data: change(a.data) })),
    reload,
  };
}
