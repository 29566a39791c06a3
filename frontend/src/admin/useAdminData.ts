/** Load admin-only data: redirect to sign-in on 401, say the admin role is needed on 403. */

import { useEffect, useState } from "react";
import { ApiError, errorText } from "../api/client";
import { signInUrl } from "../site/next";

export const ADMIN_ONLY = "You need the admin role to see this page.";

interface Answer<T> {
  key: string;
  data: T | null;
  error: string | null;
}

export interface AdminData<T> {
  data: T | null;
  error: string | null;
  /** True from the render that changes the key until its answer arrives (stale data is not shown). */
  loading: boolean;
  /** Replace the loaded data, e.g. after editing one row. */
  update: (change: (data: T) => T) => void;
}

export function useAdminData<T>(key: string, load: () => Promise<T>, here: string): AdminData<T> {
  const [answer, setAnswer] = useState<Answer<T>>({ key: "\u0000", data: null, error: null });

  useEffect(() => {
    let live = true;
    load()
      .then((data) => live && setAnswer({ key, data, error: null }))
      .catch((error: unknown) => {
        if (!live) return;
        if (error instanceof ApiError && error.status === 401) {
          window.location.assign(signInUrl(here));
          return;
        }
        const forbidden = error instanceof ApiError && error.status === 403;
        setAnswer({ key, data: null, error: forbidden ? ADMIN_ONLY : errorText(error) });
      });
    return () => {
      live = false;
    };
  }, [key]); // eslint-disable-line react-hooks/exhaustive-deps -- the key names the request

  const loading = answer.key !== key;
  return {
    data: loading ? null : answer.data,
    error: loading ? null : answer.error,
    loading,
    update: (change) => setAnswer((a) => (a.data === null ? a : { ...a, data: change(a.data) })),
  };
}
