/** Shapes of the merchandiser console API's JSON (/api/merch: synonyms, query rules, versions, preview, suggestions). */

import type { SearchBanner } from "./types";

export type SynonymKind = "synonym" | "one_way" | "correction";
export type SynonymFormat = "solr" | "csv";

export interface SynonymEntry {
  kind: SynonymKind;
  terms: string[];
  targets: string[];
}

export interface SynonymSet {
  name: string;
  enabled: boolean;
  /** Typo fixes: ranked below exact and synonym matches. */
  corrections: boolean;
  entries: SynonymEntry[];
  /** The entries as Solr synonym text. */
  text: string;
  size: number;
}

export interface SynonymSetWrite {
  enabled: boolean;
  corrections: boolean;
  text: string;
  format: SynonymFormat;
}

export interface Pin {
  product_id: number;
  position: number;
}

export type BoostField = "brand" | "product_type" | "attribute";

export interface Boost {
  field: BoostField;
  /** The attribute's name; only for field "attribute". */
  name: string | null;
  value: string;
  /** −10..10; negative buries. */
  weight: number;
}

export type MatchKind = "is" | "contains" | "starts_with";

export interface Condition {
  match: MatchKind;
  pattern: string;
  /** Only when the shopper filters by one of these brands (empty: any). */
  brand: string[];
  type: string[];
}

export type Banner = SearchBanner;

export interface Consequence {
  pins: Pin[];
  hide: number[];
  boosts: Boost[];
  filter_brand: string[];
  filter_type: string[];
  redirect: string | null;
  banner: Banner | null;
}

export interface RuleWrite {
  name: string;
  enabled: boolean;
  priority: number;
  condition: Condition;
  starts_at: string | null;
  ends_at: string | null;
  consequence: Consequence;
}

export type Rule = RuleWrite & { id: string };

export interface Draft {
  revision: number;
  updated_at: string | null;
  updated_by: string | null;
  published_version: number | null;
  /** True when the draft differs from the published version. */
  changed: boolean;
  synonym_sets: SynonymSet[];
  rules: Rule[];
  /** What a discard would throw away, item by item, with who last changed it. */
  changes: DraftChange[];
}

export interface DraftChange {
  kind: "synonym_set" | "rule";
  key: string;
  label: string;
  action: "added" | "changed" | "removed";
  by: string | null;
}

/** A product the rule editor's picker offers: found by its exact sku or by every word of its title. */
export interface ProductLookupHit {
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
  matched: "sku" | "title";
}

export interface MerchVersion {
  version: number;
  published_at: string;
  published_by: string;
  note: string | null;
  restored_from: number | null;
  current: boolean;
  summary: { synonym_sets: number; synonyms: number; rules: number };
}

export interface PreviewHit {
  product_id: number;
  title: string;
  brand: string | null;
  product_type: string | null;
  price: number | null;
  image_url: string | null;
  pinned: boolean;
  synonym: boolean;
}

export interface PreviewSide {
  version: number | null;
  total: number;
  results: PreviewHit[];
  banners: Banner[];
  redirect: string | null;
}

export type Movement = "up" | "down" | "in" | "out" | "same";

export interface Change {
  product_id: number;
  title: string;
  published_position: number | null;
  draft_position: number | null;
  movement: Movement;
}

export interface Preview {
  query: string;
  published: PreviewSide;
  draft: PreviewSide;
  changes: Change[];
  ndcg: { published: number; draft: number; judged: number } | null;
}

export type PreviewSort = "relevance" | "price_asc" | "price_desc" | "rating" | "newest" | "popular";

export interface PreviewRequest {
  q: string;
  brand: string[];
  type: string[];
  sort: PreviewSort;
  size: number;
}

export interface Evaluation {
  queries: number;
  published_ndcg: number;
  draft_ndcg: number;
  per_query: { query: string; published: number; draft: number }[];
}

export type MerchSuggestionKind = "zero_results" | "low_ctr" | "reformulation";
export type MerchSuggestionStatus = "open" | "accepted" | "dismissed";

export interface MerchSuggestion {
  id: number;
  kind: MerchSuggestionKind;
  query: string;
  candidate: string | null;
  searches: number;
  clicks: number;
  ctr: number | null;
  /** Why it is suggested, in one sentence ("" for suggestions found before evidence was kept). */
  evidence: string;
  status: MerchSuggestionStatus;
  created_at: string;
}
