/** Keep the search state in the address bar: push on change, restore on back/forward. */

import { useCallback, useEffect, useState } from "react";
import { parseQueryString, toQueryString, type SearchState } from "./urlState";

export function useUrlState(): [SearchState, (next: SearchState) => void] {
  const [state, setState] = useState(() => parseQueryString(typeof window === "undefined" ? "" : window.location.search));

  useEffect(() => {
    const restore = () => setState(parseQueryString(window.location.search));
    window.addEventListener("popstate", restore);
    return () => window.removeEventListener("popstate", restore);
  }, []);

  const navigate = useCallback((next: SearchState) => {
    const query = toQueryString(next);
    window.history.pushState(null, "", query ? `?${query}` : window.location.pathname);
    setState(next);
  }, []);

  return [state, navigate];
}
