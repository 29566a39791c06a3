/** The search state lives in the URL: same parameter names as the API, so links are shareable. */

import type { Role } from "../api/types";

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
  /** Staff only: ask for ranking explanations ("explain=1" in the URL, explain=true to the API). */
  explain: boolean;
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
  explain: false,
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
    explain: params.get("explain") === "1",
  };
}

/** Write the state as a query string, leaving defaults out. */
export function toQueryString(state: SearchState): string {
  const params = searchParams(state);
  if (state.explain) params.set("explain", "1");
  return params.toString();
}

/** The query string of the search request itself: as in the URL, but explain=true. */
export function toApiQueryString(state: SearchState): string {
  const params = searchParams(state);
  if (state.explain) params.set("explain", "true");
  return params.toString();
}

function searchParams(state: SearchState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  state.brand.forEach((b) => params.append("brand", b));
  state.type.forEach((t) => params.append("type", t));
  if (state.price) params.set("price", state.price);
  if (state.min_rating) params.set("min_rating", state.min_rating);
  if (state.in_stock) params.set("in_stock", "true");
  if (state.sort !== "relevance") params.set("sort", state.sort);
  if (state.page > 1) params.set("page", String(state.page));
  return params;
}

/** Only merchandisers and admins may see why results rank where they do. */
export function canExplain(role: Role | null | undefined): boolean {
  return role === "merchandiser" || role === "admin";
}

/** The state a user with `role` may search with: explain is dropped for shoppers and signed-out visitors. */
export function explainFor(state: SearchState, role: Role | null | undefined): SearchState {
  return state.explain && !canExplain(role) ? { ...state, explain: false } : state;
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
