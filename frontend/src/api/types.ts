/** Shapes of the search API's JSON (see /docs on the API). */

export interface ProductHit {
  product_id: number;
  sku: string;
  title: string;
  brand: string | null;
  product_type: string | null;
  price: number | null;
  currency: string;
  rating: number | null;
  review_count: number;
  in_stock: boolean;
  image_url: string | null;
  score: number | null;
  highlight: Record<string, string>;
}

export interface FacetValue {
  value: string;
  count: number;
  selected: boolean;
  from?: number | null;
  to?: number | null;
}

export interface SearchResponse {
  query_id: string;
  query: string;
  total: number;
  page: number;
  size: number;
  took_ms: number;
  did_you_mean: string | null;
  relaxed: boolean;
  degraded: boolean;
  results: ProductHit[];
  facets: Record<string, FacetValue[]>;
}

export interface ApiErrorDetail {
  loc: (string | number)[];
  msg: string;
  type: string;
}
