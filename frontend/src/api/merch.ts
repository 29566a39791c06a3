/** Typed calls of the merchandiser console API: the draft, synonym sets, query rules, versions, preview, suggestions. */

import { api, ok } from "./client";
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
import type { components } from "./schema";

const segment = encodeURIComponent;

export const getDraft = (): Promise<Draft> => ok(api.GET("/api/merch/draft"));

/** Create or replace a draft set; rejects with a 422 ApiError naming the line that does not parse. */
export const putSynonymSet = (name: string, body: SynonymSetWrite): Promise<SynonymSet> =>
  ok(api.PUT("/api/merch/draft/synonym-sets/{name}", { params: { path: { name } }, body }));

export const deleteSynonymSet = (name: string): Promise<void> =>
  ok(api.DELETE("/api/merch/draft/synonym-sets/{name}", { params: { path: { name } } })).then(() => undefined);

/** The download address of a set as a Solr or CSV file. */
export function synonymExportUrl(name: string, format: SynonymFormat, source: "draft" | "published" = "draft"): string {
  return `/api/merch/synonym-sets/${segment(name)}/export?${new URLSearchParams({ format, source })}`;
}

export const createRule = (rule: RuleWrite): Promise<Rule> => ok(api.POST("/api/merch/draft/rules", { body: rule }));

export const updateRule = (id: string, rule: RuleWrite): Promise<Rule> =>
  ok(api.PUT("/api/merch/draft/rules/{rule_id}", { params: { path: { rule_id: id } }, body: rule }));

export const deleteRule = (id: string): Promise<void> =>
  ok(api.DELETE("/api/merch/draft/rules/{rule_id}", { params: { path: { rule_id: id } } })).then(() => undefined);

/** Throw the draft away: it becomes the published version again. */
export const discardDraft = (): Promise<Draft> => ok(api.POST("/api/merch/draft/discard", { body: {} }));

/** Publish the draft; rejects with a 409 ApiError when nothing changed. */
export const publishDraft = (note: string | null): Promise<MerchVersion> => ok(api.POST("/api/merch/publish", { body: { note } }));

/** The published versions, newest first. */
export const listVersions = (): Promise<MerchVersion[]> => ok(api.GET("/api/merch/versions"));

/** Publish an old version's content again, as a new version. */
export const restoreVersion = (version: number, note: string | null = null): Promise<MerchVersion> =>
  ok(api.POST("/api/merch/versions/{version}/restore", { params: { path: { version } }, body: { note } }));

export const previewQuery = (request: PreviewRequest): Promise<Preview> => ok(api.POST("/api/merch/preview", { body: request }));

/** NDCG@10 of published and draft over every judged query; rejects with a 409 ApiError without judgments. */
export const evaluateDraft = (): Promise<Evaluation> => ok(api.POST("/api/merch/preview/evaluate", { body: {} }));

export const listSuggestions = (status: MerchSuggestionStatus = "open"): Promise<MerchSuggestion[]> =>
  ok(api.GET("/api/merch/suggestions", { params: { query: { status } } }));

export const refreshSuggestions = (): Promise<components["schemas"]["RefreshRead"]> => ok(api.POST("/api/merch/suggestions/refresh", { body: {} }));

const suggestion = (id: number) => ({ params: { path: { suggestion_id: id } } });

/** Add the suggestion to the draft set "Suggestions". */
export const acceptSuggestion = (id: number, as_kind: "correction" | "synonym" | "one_way"): Promise<MerchSuggestion> =>
  ok(api.POST("/api/merch/suggestions/{suggestion_id}/accept", { ...suggestion(id), body: { as_kind } }));

export const dismissSuggestion = (id: number): Promise<MerchSuggestion> =>
  ok(api.POST("/api/merch/suggestions/{suggestion_id}/dismiss", { ...suggestion(id), body: {} }));

/** The product picker's lookup: the exact sku first, then titles with every word; not logged as a shopper search. */
export const findProducts = (q: string): Promise<ProductLookupHit[]> =>
  ok(api.GET("/api/merch/products", { params: { query: { q, limit: 10 } } }));
