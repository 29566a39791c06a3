/** Typed calls of the merchandiser console API: the draft, synonym sets, query rules, versions, preview, suggestions. */

import type {
  Draft,
  Evaluation,
  MerchSuggestion,
  MerchSuggestionStatus,
  MerchVersion,
  Preview,
  PreviewRequest,
  ProductLookupHit,
  Rule,
  RuleWrite,
  SynonymFormat,
  SynonymSet,
  SynonymSetWrite,
} from "./merchTypes";
import { apiRequest } from "./session";

const segment = encodeURIComponent;

export const getDraft = () => apiRequest<Draft>("GET", "/api/merch/draft");

/** Create or replace a draft set; rejects with a 422 ApiError naming the line that does not parse. */
export const putSynonymSet = (name: string, body: SynonymSetWrite) =>
  apiRequest<SynonymSet>("PUT", `/api/merch/draft/synonym-sets/${segment(name)}`, body);

export const deleteSynonymSet = (name: string) =>
  apiRequest<void>("DELETE", `/api/merch/draft/synonym-sets/${segment(name)}`);

/** The download address of a set as a Solr or CSV file. */
export function synonymExportUrl(name: string, format: SynonymFormat, source: "draft" | "published" = "draft"): string {
  return `/api/merch/synonym-sets/${segment(name)}/export?${new URLSearchParams({ format, source })}`;
}

export const createRule = (rule: RuleWrite) => apiRequest<Rule>("POST", "/api/merch/draft/rules", rule);

export const updateRule = (id: string, rule: RuleWrite) =>
  apiRequest<Rule>("PUT", `/api/merch/draft/rules/${segment(id)}`, rule);

export const deleteRule = (id: string) => apiRequest<void>("DELETE", `/api/merch/draft/rules/${segment(id)}`);

/** Throw the draft away: it becomes the published version again. */
export const discardDraft = () => apiRequest<Draft>("POST", "/api/merch/draft/discard", {});

/** Publish the draft; rejects with a 409 ApiError when nothing changed. */
export const publishDraft = (note: string | null) => apiRequest<MerchVersion>("POST", "/api/merch/publish", { note });

/** The published versions, newest first. */
export const listVersions = () => apiRequest<MerchVersion[]>("GET", "/api/merch/versions");

/** Publish an old version's content again, as a new version. */
export const restoreVersion = (version: number, note: string | null = null) =>
  apiRequest<MerchVersion>("POST", `/api/merch/versions/${version}/restore`, { note });

export const previewQuery = (request: PreviewRequest) => apiRequest<Preview>("POST", "/api/merch/preview", request);

/** NDCG@10 of published and draft over every judged query; rejects with a 409 ApiError without judgments. */
export const evaluateDraft = () => apiRequest<Evaluation>("POST", "/api/merch/preview/evaluate", {});

export const listSuggestions = (status: MerchSuggestionStatus = "open") =>
  apiRequest<MerchSuggestion[]>("GET", `/api/merch/suggestions?status=${status}`);

export const refreshSuggestions = () => apiRequest<{ found: number }>("POST", "/api/merch/suggestions/refresh", {});

/** Add the suggestion to the draft set "Suggestions". */
export const acceptSuggestion = (id: number, as_kind: "correction" | "synonym" | "one_way") =>
  apiRequest<MerchSuggestion>("POST", `/api/merch/suggestions/${id}/accept`, { as_kind });

export const dismissSuggestion = (id: number) =>
  apiRequest<MerchSuggestion>("POST", `/api/merch/suggestions/${id}/dismiss`, {});

/** The product picker's lookup: the exact sku first, then titles with every word; not logged as a shopper search. */
export const findProducts = (q: string) =>
  apiRequest<ProductLookupHit[]>("GET", `/api/merch/products?${new URLSearchParams({ q, limit: "10" })}`);
