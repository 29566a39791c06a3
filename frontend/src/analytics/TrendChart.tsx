/** Daily trends: searches on the left axis; CTR@10, zero-result and conversion rates (%) on the right. */

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Report } from "../api/analyticsTypes";

export function TrendChart({ days }: { days: Report["days"] }) {
  const points = days.map(({ day, metrics }) => ({
    day,
    searches: metrics.searches,
    ctr: +(metrics.ctr_at_10 * 100).toFixed(1),
    zero: +(metrics.zero_result_rate * 100).toFixed(1),
    conversion: +(metrics.conversion_rate * 100).toFixed(1),
  }));
  return (
    <div role="figure" aria-label="Daily trends" className="trend-chart">
      {points.length === 0 ? (
        <p>No searches in this range.</p>
      ) : (
        <ResponsiveContainer width="100%" height={280}>
          <LineChart data={points} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="day" />
            <YAxis yAxisId="count" allowDecimals={false} />
            <YAxis yAxisId="rate" orientation="right" unit=" %" />
            <Tooltip />
            <Legend />
            <Line yAxisId="count" type="monotone" dataKey="searches" name="Searches" stroke="#2563eb" dot={false} />
            <Line yAxisId="rate" type="monotone" dataKey="ctr" name="CTR@10 (%)" stroke="#16a34a" dot={false} />
            <Line yAxisId="rate" type="monotone" dataKey="zero" name="Zero-result rate (%)" stroke="#dc2626" dot={false} />
            <Line yAxisId="rate" type="monotone" dataKey="conversion" name="Conversion rate (%)" stroke="#9333ea" dot={false} />
          </LineChart>
        </ResponsiveContainer>
      )}
    </div>
  );
}
