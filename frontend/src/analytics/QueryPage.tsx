/** One query's report: volume, engagement, the products clicked and what shoppers searched next. */

import { useState } from "react";
import { getQueryReport } from "../api/analytics";
import { useMerchLoad } from "../merch/useMerchLoad";
import { Notices } from "../site/forms";
import { PageShell } from "../site/PageShell";
import { queryLink } from "./AnalyticsPage";
import { lastThirtyDays, percent } from "./format";
import { Cards } from "./MetricCards";
import { RangeFields } from "./RangeFields";
import { Refused } from "../site/Refused";
import { Table } from "./Table";

export function QueryPage({ q }: { q: string }) {
  const [range, setRange] = useState(lastThirtyDays);
  const title = `Query “${q}”`;
  const report = useMerchLoad(`${q}|${range.since}|${range.until}`, () => getQueryReport(q, range.since, range.until));
  const path = `/analytics/query?${new URLSearchParams({ q })}`;
  if (report.refused) {
    return (
      <PageShell title={title} wide>
        <Refused status={report.refused} error={report.error} path={path} />
      </PageShell>
    );
  }
  const data = report.data;
  return (
    <PageShell title={title} wide>
      <p>
        <a href="/analytics">Back to analytics</a>
      </p>
      <form className="report-controls" onSubmit={(e) => e.preventDefault()}>
        <RangeFields since={range.since} until={range.until} onChange={setRange} />
      </form>
      <Notices error={report.error} message={null} />
      {data ? (
        <>
          <Cards
            cards={[
              ["Searches", data.searches.toLocaleString("en-GB")],
              ["CTR", percent(data.ctr)],
              ["Conversion rate", percent(data.conversion_rate)],
              ["Zero-result rate", percent(data.zero_result_rate)],
            ]}
          />
          <Table
            caption="Clicked products"
            headers={["Product", "Clicks"]}
            rows={data.clicked_products.map((p) => [<a href={`/product/${p.product_id}`}>{p.title ?? `#${p.product_id}`}</a>, p.clicks])}
          />
          <Table caption="Reformulated to" headers={["Query", "Count"]} rows={data.reformulations.map((r) => [queryLink(r.query), r.count])} />
        </>
      ) : (
        <p>Loading…</p>
      )}
    </PageShell>
  );
}
