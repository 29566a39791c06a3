/** The headline figures of a report, each a term and its value. */

import type { Metrics } from "../api/analyticsTypes";
import { millis, money, percent } from "./format";

/** The label and the shown value of each headline figure. */
export function metricCards(m: Metrics): [string, string][] {
  return [
    ["Searches", m.searches.toLocaleString("en-GB")],
    ["Unique queries", m.unique_queries.toLocaleString("en-GB")],
    ["Zero-result rate", percent(m.zero_result_rate)],
    ["No-click rate", percent(m.no_click_rate)],
    ["CTR@1", percent(m.ctr_at_1)],
    ["CTR@5", percent(m.ctr_at_5)],
    ["CTR@10", percent(m.ctr_at_10)],
    ["Avg. click position", m.avg_click_position === null ? "—" : m.avg_click_position.toFixed(2)],
    ["Add-to-cart rate", percent(m.add_to_cart_rate)],
    ["Conversion rate", percent(m.conversion_rate)],
    ["Revenue per search", money(m.revenue_per_search)],
    ["p50 latency", millis(m.latency_ms.p50)],
    ["p95 latency", millis(m.latency_ms.p95)],
    ["p99 latency", millis(m.latency_ms.p99)],
  ];
}

export function Cards({ cards }: { cards: [string, string][] }) {
  return (
    <div className="metric-cards">
      {cards.map(([label, value]) => (
        <dl key={label} className="metric-card">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </dl>
      ))}
    </div>
  );
}
