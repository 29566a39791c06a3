/** Shapes of the search API's JSON (see /docs on the API). */

/** A product as lists show it: search hits, recommendations, shelves. */
export interface ProductSummary {
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
  /** Units left when few (the server's low-stock threshold), else null. */
  stock_left: number | null;
  /** "In stock", "Only N left" or "Out of stock": the one wording, from the server. */
  stock_label: string;
  image_url: string | null;
}

export interface ProductHit extends ProductSummary {
  score: number | null;
  highlight: Record<string, string>;
  /** Only with explain=true (merchandisers and admins); absent or null otherwise. */
  explanation?: Explanation | null;
  /** Placed here by a query rule's pin. */
  pinned?: boolean;
  /** Matched through a synonym (or a correction) rather than the query's own words. */
  synonym?: boolean;
}

/** A query rule's message above the results; `link` makes it clickable. */
export interface SearchBanner {
  text: string;
  link: string | null;
}

/** One feature of a learning-to-rank score; `value` is null when the product lacks it. */
export interface FeatureContribution {
  name: string;
  value: number | null;
  contribution: number;
}

/** Why a result scored as it did: the model ("bm25" or "ltr:<id>"), its score and each feature's share. */
export interface Explanation {
  model: string;
  score: number;
  features: FeatureContribution[];
}

export interface FacetValue {
  value: string;
  count: number;
  selected: boolean;
  from?: number | null;
  to?: number | null;
}

/** No product holds every word of the query exactly: the words not found, and what the results are for. */
export interface PartialMatch {
  missing: string[];
  dropped: string[];
  showing: string;
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
  /** Set when the results are a relaxed match for the query (see PartialMatch). */
  partial_match?: PartialMatch | null;
  degraded: boolean;
  results: ProductHit[];
  facets: Record<string, FacetValue[]>;
  /** With explain=true: "bm25" or "ltr:<model id>". */
  ranking?: string | null;
  /** Query rules' banners, shown above the results. */
  banners?: SearchBanner[];
  /** A query rule sends this query to another page (followed on the first page only). */
  redirect?: string | null;
}

// Products, suggestions, recommendations, cart and orders (see the API's /docs).

export interface Spec {
  key: string;
  label: string;
  value: string;
}

export interface SpecGroup {
  name: string;
  specs: Spec[];
}

export interface SpecSheet {
  key_specs: Spec[];
  groups: SpecGroup[];
}

export interface ProductDetail extends ProductSummary {
  description: string | null;
  attributes: Record<string, string | number | boolean>;
  specs: SpecSheet;
  /** The most a cart may hold of it now (0: none left). */
  max_quantity: number;
  release_date: string | null;
  version: number;
}

export type SuggestionKind = "query" | "brand" | "type";

export interface Suggestion {
  text: string;
  kind: SuggestionKind;
}

export interface SuggestResponse {
  query: string;
  suggestions: Suggestion[];
}

export interface Recommendations {
  items: ProductSummary[];
  source: string;
}

/** Money comes as decimal strings ("19.90") so no cent is lost on the way. */
export interface CartLine {
  product_id: number;
  title: string;
  brand: string | null;
  image_url: string | null;
  price: string | null;
  currency: string;
  quantity: number;
  line_total: string;
  in_stock: boolean;
  stock_label: string;
  max_quantity: number;
  /** Why this line cannot be ordered as it is (a sentence), or null. */
  problem: string | null;
}

export interface Cart {
  items: CartLine[];
  item_count: number;
  total: string;
  currency: string;
  /** Why the cart cannot be ordered now (a sentence), or null. */
  checkout_blocked: string | null;
}

/** What the shopper reviewed; the server refuses the order if the cart no longer matches. */
export interface OrderRequest {
  lines: { product_id: number; quantity: number }[];
  total: string;
}

export interface OrderLine {
  product_id: number;
  title: string;
  price: string;
  quantity: number;
  line_total: string;
}

export interface Order {
  id: number;
  status: string;
  created_at: string;
  items: OrderLine[];
  total: string;
  currency: string;
}

export interface ApiErrorDetail {
  loc: (string | number)[];
  msg: string;
  type: string;
}

// Accounts and admin (see accounts/schemas.py on the API).

export type Role = "shopper" | "merchandiser" | "admin";
export type UserStatus = "pending" | "active" | "disabled";

export const ROLES: readonly Role[] = ["shopper", "merchandiser", "admin"];
export const USER_STATUSES: readonly UserStatus[] = ["pending", "active", "disabled"];

export interface UserRead {
  id: number;
  email: string;
  display_name: string;
  role: Role;
  status: UserStatus;
  created_at: string;
  last_login_at: string | null;
}

export interface SessionRead {
  user: UserRead | null;
  csrf_token: string;
  anonymous_id: string;
}

export interface MessageRead {
  message: string;
}

export interface ApiTokenRead {
  id: number;
  name: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
}

export type ApiTokenCreated = ApiTokenRead & { token: string };

/** A password change's session answer, with the API tokens the change revoked. */
export type PasswordChanged = SessionRead & { revoked_tokens: ApiTokenRead[] };

/** A reset link's answer, with the API tokens the new password revoked. */
export type PasswordReset = MessageRead & { revoked_tokens: ApiTokenRead[] };

export interface UserPage {
  total: number;
  page: number;
  size: number;
  users: UserRead[];
}

export interface MailRead {
  id: number;
  to_address: string;
  subject: string;
  body: string;
  created_at: string;
  status: string;
}

export interface MailPage {
  total: number;
  page: number;
  size: number;
  messages: MailRead[];
}

// Index, jobs and system health (see indexer/schemas.py, core/schemas.py and search_service/system.py on the API).

export type JobStatus = "queued" | "running" | "succeeded" | "failed" | "cancelled";

export const JOB_STATUSES: readonly JobStatus[] = ["queued", "running", "succeeded", "failed", "cancelled"];
export const JOB_KINDS: readonly string[] = ["rebuild", "verify", "sync", "train"];

export interface Job {
  id: number;
  kind: "rebuild" | "verify" | "sync" | "train" | (string & {});
  status: JobStatus;
  triggered_by: string;
  params: Record<string, unknown>;
  /** Rebuilds go through starting, loading, finalizing and swapping. */
  phase: string | null;
  done: number;
  total: number;
  result: Record<string, unknown> | null;
  error: string | null;
  cancel_requested: boolean;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  heartbeat_at: string | null;
}

export interface JobPage {
  total: number;
  page: number;
  size: number;
  jobs: Job[];
}

export interface IndexVersion {
  name: string;
  docs: number;
  complete: boolean;
  live: boolean;
}

export interface IndexStatus {
  alias: string;
  live: string | null;
  versions: IndexVersion[];
  postgres_products: number;
  es_documents: number;
  outbox_pending: number;
  outbox_oldest_age_s: number | null;
  cluster_health: string;
}

export interface RollbackRead {
  left: string;
  live: string;
}

export interface WorkerBeat {
  host: string;
  pid: number;
  last_seen_s: number;
}

export interface SystemHealth {
  /** postgres, redis, elasticsearch, worker: "ok" or "unavailable: reason". */
  services: Record<string, string>;
  workers: WorkerBeat[];
  outbox_pending: number;
  outbox_oldest_age_s: number | null;
  retrieval_cache: CacheStats;
}

/** The Redis retrieval cache's lookups across all API processes. */
export interface CacheStats {
  enabled: boolean;
  hits: number;
  misses: number;
  /** Waited for another search's fetch of the same answer. */
  shared: number;
  /** Went straight to Elasticsearch because Redis was unavailable. */
  bypassed: number;
  hit_ratio: number | null;
}

// Ranking models (learning to rank; see the API's /docs).

export interface RankingModelRead {
  id: number;
  created_at: string;
  trained_by: string;
  features: string[];
  /** e.g. "validation_ndcg@10" (the promotion gate), "bm25_validation_ndcg@10", "validation_mrr", "validation_recall@10". */
  metrics: Record<string, number>;
  training_data: Record<string, unknown>;
  checksum: string;
  active: boolean;
  promoted_by: string | null;
  promoted_at: string | null;
  promotion_note: string | null;
}
