/** Shapes of the merchandiser console API's JSON: names for the generated OpenAPI schemas (schema.d.ts). */

import type { components } from "./schema";

type Schemas = components["schemas"];

export type SynonymKind = Schemas["SynonymKind"];
export type SynonymEntry = Schemas["SynonymEntry"];
export type SynonymSet = Schemas["SynonymSetRead"];
export type SynonymSetWrite = Schemas["SynonymSetWrite"];
export type SynonymFormat = NonNullable<SynonymSetWrite["format"]>;
export type Pin = Schemas["Pin"];
export type Boost = Schemas["Boost-Output"];
export type BoostField = Boost["field"];
export type Condition = Schemas["Condition-Output"];
export type MatchKind = Condition["match"];
export type Banner = Schemas["Banner-Output"];
export type Consequence = Schemas["Consequence-Output"];
/** A rule as the console edits it: every field present (the API's input shape leaves defaults optional). */
export type RuleWrite = Omit<Schemas["Rule"], "id">;
export type Rule = Schemas["Rule"];
export type Draft = Schemas["DraftRead"];
export type DraftChange = Schemas["DraftChange"];
/** A product the rule editor's picker offers: found by its exact sku or by every word of its title. */
export type ProductLookupHit = Schemas["ProductLookupHit"];
export type MerchVersion = Schemas["VersionRead"];
export type PreviewHit = Schemas["PreviewHit"];
export type PreviewSide = Schemas["PreviewSide"];
export type Change = Schemas["Change"];
export type Movement = Change["movement"];
export type Preview = Schemas["PreviewRead"];
export type PreviewSort = Schemas["Sort"];
export type PreviewRequest = Schemas["PreviewRequest"];
export type Evaluation = Schemas["EvaluationRead"];
export type MerchSuggestion = Schemas["SuggestionRead"];
export type MerchSuggestionKind = MerchSuggestion["kind"];
export type MerchSuggestionStatus = MerchSuggestion["status"];
