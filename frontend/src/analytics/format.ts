/** How analytics figures read: rates as percentages, money, milliseconds, p-values, day ranges. */

/** 0.1234 -> "12.3 %". */
export function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? "—" : `${(rate * 100).toFixed(1)} %`;
}

/** 12.5 -> "12.50". */
export function money(amount: number): string {
  return amount.toFixed(2);
}

/** 23.4 -> "23 ms", null -> "—". */
export function millis(value: number | null): string {
  return value === null ? "—" : `${Math.round(value)} ms`;
}

/** A p-value with three significant digits, "<0.001" when tiny, "—" when unknown. */
export function pValue(value: number | null): string {
  if (value === null) return "—";
  return value < 0.001 ? "<0.001" : value.toPrecision(3);
}

/** A signed change with three significant digits: +0.0123. */
export function signed(value: number): string {
  const text = Math.abs(value) >= 1 ? value.toFixed(2) : value.toPrecision(3);
  return value > 0 ? `+${text}` : text;
}

/** YYYY-MM-DD of a date, in UTC. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The default range: the 30 days ending today. */
export function lastThirtyDays(today = new Date()): { since: string; until: string } {
  const since = new Date(today.getTime() - 29 * 86_400_000);
  return { since: isoDay(since), until: isoDay(today) };
}
