/** Display formatting. */

export function formatPrice(price: number | null, currency: string, locale = "en-GB"): string {
  if (price === null) return "Price on request";
  return new Intl.NumberFormat(locale, { style: "currency", currency }).format(price);
}

export function facetLabel(facet: string, value: string): string {
  if (facet === "rating") return `${value}★ & up`;
  if (facet === "price") {
    const [low, high] = value.split("-");
    if (!high) return `€${low} and more`;
    return `€${low} – €${high}`;
  }
  return value;
}
