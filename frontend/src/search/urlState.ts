/** The search state lives in the URL: same parameter names as the API, so links are shareable. */

export const SORTS = ["relevance", "popular", "price_asc", "price_desc", "rating", "newest"] as const;
export type Sort = (typeof SORTS)[number];

export interface SearchState {
  q: string;
  brand: string[];
  type: string[];
  price: string | null;
  min_rating: string | null;
  in_stock: boolean;
  sort: Sort;
  page: number;
}

export const EMPTY_STATE: SearchState = {
  q: "",
  brand: [],
  type: [],
  price: null,
  min_rating: null,
  in_stock: false,
  sort: "relevance",
  page: 1,
};

/** Read the state from a query string, ignoring what does not parse. */
export function parseQueryString(search: string): SearchState {
  const params = new URLSearchParams(search);
  const sort = params.get("sort");
  const page = Number.parseInt(params.get("page") ?? "1", 10);
  return {
    q: params.get("q") ?? "",
    brand: params.getAll("brand"),
    type: params.getAll("type"),
    price: params.get("price"),
    min_rating: params.get("min_rating"),
    in_stock: params.get("in_stock") === "true",
    sort: SORTS.includes(sort as Sort) ? (sort as Sort) : "relevance",
    page: Number.isFinite(page) && page > 0 ? page : 1,
  };
}

/** Write the state as a query string, leaving defaults out. */
export function toQueryString(state: SearchState): string {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  state.brand.forEach((b) => params.append("brand", b));
  state.type.forEach((t) => params.append("type", t));
  if (state.price) params.set("price", state.price);
  if (state.min_rating) params.set("min_rating", state.min_rating);
  if (state.in_stock) params.set("in_stock", "true");
  if (state.sort !== "relevance") params.set("sort", state.sort);
  if (state.page > 1) params.set("page", String(state.page));
  return params.toString();
}

/** Toggle one value of a multi-valued filter. */
export function toggle(values: string[], value: string): string[] {
  return values.includes(value) ? values.filter((v) => v !== value) : [...values, value];
}

/** Count the filters in force (each selected value counts once). */
export function filterCount(state: SearchState): number {
  return state.brand.length + state.type.length + [state.price, state.min_rating, state.in_stock].filter(Boolean).length;
}

/** Drop every filter, keeping the query and sort. */
export function clearFilters(state: SearchState): SearchState {
  return { ...state, brand: [], type: [], price: null, min_rating: null, in_stock: false, page: 1 };
}
