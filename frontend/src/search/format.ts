/** Display formatting. */

const LOCALE = "en-GB";

/** Format a price in the result's own currency, e.g. "€1,234.50". */
export function formatPrice(price: number | null, currency: string, locale = LOCALE): string {
  if (price === null) return "Price on request";
  return new Intl.NumberFormat(locale, { style: "currency", currency }).format(price);
}

/** Format a decimal-string amount from the cart or orders ("1234.5" → "€1,234.50"); a string that is no number is shown as is. */
export function formatMoney(amount: string | null, currency: string, locale = LOCALE): string {
  if (amount === null) return "Price on request";
  const trimmed = amount.trim();
  const value = Number(trimmed);
  if (trimmed === "" || !Number.isFinite(value)) return amount;
  return new Intl.NumberFormat(locale, { style: "currency", currency }).format(value);
}

/** A signed number to `digits` decimals: "+0.032", "−0.010", "±0.000" when it rounds to zero. */
export function formatSigned(value: number, digits = 3): string {
  const text = Math.abs(value).toFixed(digits);
  if (Number(text) === 0) return `±${text}`;
  return `${value > 0 ? "+" : "\u2212"}${text}`;
}

/** Format a price bound without cents, e.g. "€1,000". */
function formatBound(value: string, currency: string): string {
  const amount = Number(value);
  if (!Number.isFinite(amount)) return value;
  return new Intl.NumberFormat(LOCALE, { style: "currency", currency, maximumFractionDigits: 0 }).format(amount);
}

/** Label a facet value: price ranges ("10-50", "-50", "500-") and ratings ("4") read as words. */
export function facetLabel(facet: string, value: string, currency = "EUR"): string {
  if (facet === "rating") return `${value}★ & up`;
  if (facet === "price") {
    const [low = "", high = ""] = value.split("-");
    if (low && high) return `${formatBound(low, currency)} – ${formatBound(high, currency)}`;
    if (low) return `${formatBound(low, currency)} and more`;
    if (high) return `Up to ${formatBound(high, currency)}`;
  }
  return value;
}
