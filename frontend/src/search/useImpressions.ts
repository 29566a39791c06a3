/** Report each results page shown as one impression event, once per query_id. */

import { useEffect, useRef } from "react";
import type { SearchResponse } from "../api/types";
import { resultPosition } from "../tracking/queue";
import { track } from "../tracking/track";

export function useImpressions(data: SearchResponse | null): void {
  const reported = useRef(new Set<string>());
  useEffect(() => {
    if (!data || !data.query_id || data.results.length === 0 || reported.current.has(data.query_id)) return;
    reported.current.add(data.query_id);
    track({
      type: "impression",
      query_id: data.query_id,
      items: data.results.map((hit, index) => ({ product_id: hit.product_id, position: resultPosition(data.page, data.size, index) })),
    });
  }, [data]);
}
