/** Shapes of the search API's JSON: names for the generated OpenAPI schemas (schema.d.ts, `make api-client`). */

import type { components } from "./schema";

type Schemas = components["schemas"];

/** A product as lists show it: search hits, recommendations, shelves. */
export type ProductSummary = Schemas["ProductSummary"];
export type ProductHit = Schemas["ProductHit"];
/** A query rule's message above the results; `link` makes it clickable. */
export type SearchBanner = Schemas["BannerRead"];
export type FeatureContribution = Schemas["FeatureContribution"];
export type Explanation = Schemas["Explanation"];
export type FacetValue = Schemas["FacetValue"];
export type PartialMatch = Schemas["PartialMatchRead"];
export type SearchResponse = Schemas["SearchResponse"];

export type ProductDetail = Schemas["ProductDetail"];
export type Spec = Schemas["Spec"];
export type SpecGroup = Schemas["SpecGroup"];
export type SpecSheet = Schemas["SpecSheet"];
export type Suggestion = Schemas["Suggestion"];
export type SuggestionKind = Suggestion["kind"];
export type SuggestResponse = Schemas["SuggestResponse"];
export type Recommendations = Schemas["Recommendations"];
/** Money comes as decimal strings ("19.90") so no cent is lost on the way. */
export type CartLine = Schemas["CartLine"];
export type Cart = Schemas["CartRead"];
export type OrderLine = Schemas["OrderLine"];
export type Order = Schemas["OrderRead"];
/** The lines and total the shopper reviewed; the server refuses the order when either changed. */
export type OrderRequest = Schemas["OrderRequest"];
export type ApiErrorDetail = Schemas["ErrorItem"];

export type Role = Schemas["Role"];
export type UserStatus = Schemas["UserStatus"];

export const ROLES: readonly Role[] = ["shopper", "merchandiser", "admin"];
export const USER_STATUSES: readonly UserStatus[] = ["pending", "active", "disabled"];

export type UserRead = Schemas["UserRead"];
export type SessionRead = Schemas["SessionRead"];
export type MessageRead = Schemas["MessageRead"];
export type ApiTokenRead = Schemas["ApiTokenRead"];
export type ApiTokenCreated = Schemas["ApiTokenCreated"];
/** A password change's session answer, with the API tokens the change revoked. */
export type PasswordChanged = Schemas["PasswordChanged"];
/** A reset link's answer, with the API tokens the new password revoked. */
export type PasswordReset = Schemas["PasswordReset"];
export type UserPage = Schemas["UserPage"];
/** A development mailbox message; `body` is null once the message was delivered (links in it are secrets). */
export type MailRead = Schemas["MailRead"];
export type MailPage = Schemas["MailPage"];

export type JobStatus = Schemas["JobStatus"];

export const JOB_STATUSES: readonly JobStatus[] = ["queued", "running", "succeeded", "failed", "cancelled"];
export const JOB_KINDS: readonly string[] = ["rebuild", "verify", "sync", "train"];

export type Job = Schemas["JobRead"];
export type JobPage = Schemas["JobPage"];
export type IndexVersion = Schemas["IndexVersionRead"];
export type IndexStatus = Schemas["IndexStatusRead"];
export type RollbackRead = Schemas["RollbackRead"];
export type WorkerBeat = Schemas["WorkerRead"];
export type SystemHealth = Schemas["SystemHealth"];
/** The Redis retrieval cache's lookups across all API processes. */
export type CacheStats = Schemas["CacheRead"];
export type RankingModelRead = Schemas["RankingModelRead"];
