/** The search analytics dashboard: headline figures, daily trends, variants, queries and segments. */

import { useCallback, useEffect, useState } from "react";
import { isActive } from "../admin/jobs";
import { useWatchedJob } from "../admin/useWatchedJob";
import { getReport, getRollup, getSegments, startRollup } from "../api/analytics";
import type { Report, SegmentReport } from "../api/analyticsTypes";
import { errorText } from "../api/client";
import { useMerchLoad } from "../merch/useMerchLoad";
import { formatDate } from "../site/format";
import { Notices } from "../site/forms";
import { PageShell } from "../site/PageShell";
import { lastThirtyDays, millis, money, percent } from "./format";
import { Cards, metricCards } from "./MetricCards";
import { RangeFields } from "./RangeFields";
import type { Job } from "../api/types";
import { freshnessText, nextReload, rollupNotice } from "./rollup";
import { Refused } from "../site/Refused";
import { Table } from "./Table";
import { TrendChart } from "./TrendChart";

/** The link to one query's report; a long query is cut with an ellipsis, whole in its tooltip. */
export function queryLink(query: string) {
  return (
    <a className="query-link" title={query} href={`/analytics/query?${new URLSearchParams({ q: query })}`}>
      {query}
    </a>
  );
}

export function AnalyticsPage() {
  const [range, setRange] = useState(lastThirtyDays);
  const [variant, setVariant] = useState("");
  const [variants, setVariants] = useState<string[]>([]);
  const [notice, setNotice] = useState<{ error: string | null; message: string | null }>({ error: null, message: null });
  const report = useMerchLoad(`${range.since}|${range.until}|${variant}`, async () => {
    const found = await getReport(range.since, range.until, variant);
    if (!variant) setVariants(found.variants.map((v) => v.variant));
    return found;
  });
  const segments = useMerchLoad("segments", getSegments);
  const { reload } = report;
  // The roll-up this page asked for: followed until it ends, then the figures reload.
  const finished = useCallback(
    (job: Job) => {
      setNotice(rollupNotice(job));
      reload();
    },
    [reload],
  );
  const rollup = useWatchedJob(finished, "/analytics", getRollup);
  const rolling = rollup.job !== null && isActive(rollup.job);
  // A range reaching today reloads on its own: the worker rolls today up every few minutes.
  const every = nextReload(range.until);
  useEffect(() => {
    if (every === null) return;
    const timer = setInterval(reload, every);
    return () => clearInterval(timer);
  }, [every, reload]);

  if (report.refused) {
    return (
      <PageShell title="Search analytics" wide>
        <Refused status={report.refused} error={report.error} path="/analytics" />
      </PageShell>
    );
  }
  const refresh = () => {
    startRollup()
      .then(async (answer) => {
        setNotice({ error: null, message: answer.message });
        const job = await getRollup(answer.job_id);
        if (isActive(job)) rollup.show(job);
        else finished(job); // a fast worker may have finished before the first look
      })
      .catch((error: unknown) => setNotice({ error: errorText(error), message: null }));
  };
  const data = report.data;
  return (
    <PageShell title="Search analytics" wide>
      <form className="report-controls" onSubmit={(e) => e.preventDefault()}>
        <RangeFields since={range.since} until={range.until} onChange={setRange} />
        <div className="field">
          <label htmlFor="report-variant">Variant</label>
          <select id="report-variant" value={variant} onChange={(e) => setVariant(e.target.value)}>
            <option value="">All variants</option>
            {variants.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <button type="button" className="button secondary" onClick={refresh} disabled={rolling}>
          {rolling ? "Rolling up…" : "Refresh figures"}
        </button>
      </form>
      <Notices error={notice.error ?? rollup.error ?? report.error} message={notice.message} />
      {data ? <ReportBody report={data} segments={segments.data} /> : <p>Loading…</p>}
    </PageShell>
  );
}

function ReportBody({ report, segments }: { report: Report; segments: SegmentReport | null }) {
  return (
    <>
      <p>{freshnessText(report.rolled_up_at ? formatDate(report.rolled_up_at) : null)}</p>
      <Cards cards={metricCards(report.overall)} />
      <TrendChart days={report.days} />
      <Table
        caption="By variant"
        headers={["Variant", "Searches", "CTR@10", "Zero-result rate", "Conversion rate", "Revenue per search", "p95 latency"]}
        rows={report.variants.map(({ variant, metrics: m }) => [
          variant,
          m.searches.toLocaleString("en-GB"),
          percent(m.ctr_at_10),
          percent(m.zero_result_rate),
          percent(m.conversion_rate),
          money(m.revenue_per_search),
          millis(m.latency_ms.p95),
        ])}
      />
      <Table
        caption="Top queries"
        headers={["Query", "Searches", "CTR", "Conversion", "Zero-result rate"]}
        rows={report.top_queries.map((q) => [queryLink(q.query), q.searches, percent(q.ctr), percent(q.conversion_rate), percent(q.zero_result_rate)])}
      />
      <Table
        caption="Zero-result queries"
        headers={["Query", "Searches"]}
        rows={report.zero_result_queries.map((q) => [queryLink(q.query), q.searches])}
      />
      <Table
        caption="Shopper segments"
        headers={["Segment", "Size", "Top types", "Searches", "CTR", "Add-to-cart rate", "Conversion rate"]}
        empty="No segments yet"
        rows={(segments?.segments ?? []).map((s) => [
          s.segment,
          s.size,
          s.top_types.join(", "),
          s.searches,
          percent(s.ctr),
          percent(s.add_to_cart_rate),
          percent(s.conversion_rate),
        ])}
      />
    </>
  );
}
