/** The shared session, loaded at first use and re-rendered whenever any answer replaces it. */

import { useEffect, useState, useSyncExternalStore } from "react";
import { currentSession, loadSession, subscribeSession } from "../api/session";
import type { SessionRead } from "../api/types";

export function useSession(): { session: SessionRead | null; failed: boolean } {
  const session = useSyncExternalStore(subscribeSession, currentSession, () => null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    loadSession().catch(() => setFailed(true));
  }, []);
  return { session, failed };
}
