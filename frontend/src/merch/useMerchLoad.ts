/** Load console data; keep what is shown while it reloads, and tell a refusal (401/403) from other failures. */

import { useCallback, useEffect, useState } from "react";
import { ApiError, errorText } from "../api/client";

interface Answer<T> {
  data: T | null;
  error: string | null;
  /** 401 (signed out) or 403 (role too small), else null. */
  refused: 401 | 403 | null;
  done: boolean;
}

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
  const [answer, setAnswer] = useState<Answer<T>>({ data: null, error: null, refused: null, done: false });
  const [tick, setTick] = useState(0);

  useEffect(() => {
    let live = true;
    load()
      .then((data) => live && setAnswer({ data, error: null, refused: null, done: true }))
      .catch((error: unknown) => {
        if (!live) return;
        const status = error instanceof ApiError ? error.status : null;
        const refused = status === 401 || status === 403 ? status : null;
        setAnswer((a) => ({ data: refused ? null : a.data, error: errorText(error), refused, done: true }));
      });
    return () => {
      live = false;
    };
  }, [key, tick]); // eslint-disable-line react-hooks/exhaustive-deps -- the key and tick name the request

  const reload = useCallback(() => setTick((t) => t + 1), []);
  const set = useCallback((data: T) => setAnswer({ data, error: null, refused: null, done: true }), []);
  return { data: answer.data, error: answer.error, refused: answer.refused, loading: !answer.done, reload, set };
}
