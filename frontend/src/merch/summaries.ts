/** How the console words rules, windows, preview movements, NDCG, versions and suggestions. */

import type { Change, Condition, Consequence, MatchKind, MerchSuggestion, MerchVersion } from "../api/merchTypes";
import { formatDate } from "../site/format";

export const MATCH_LABELS: Record<MatchKind, string> = {
  is: "Query is",
  contains: "Query contains",
  starts_with: "Query starts with",
};

const MATCH_WORDS: Record<MatchKind, string> = { is: "is", contains: "contains", starts_with: "starts with" };

/** `is "tv"`, `contains "4k" · brand Sony, LG · type TV`. */
export function conditionSummary(condition: Condition): string {
  const parts = [`${MATCH_WORDS[condition.match]} "${condition.pattern}"`];
  if (condition.brand.length) parts.push(`brand ${condition.brand.join(", ")}`);
  if (condition.type.length) parts.push(`type ${condition.type.join(", ")}`);
  return parts.join(" · ");
}

/** "Always", "From 1 Mar 2025, 09:00", "Until …", or "1 Mar 2025, 09:00 – 8 Mar 2025, 18:00". */
export function windowSummary(startsAt: string | null, endsAt: string | null): string {
  if (startsAt && endsAt) return `${formatDate(startsAt)} – ${formatDate(endsAt)}`;
  if (startsAt) return `From ${formatDate(startsAt)}`;
  if (endsAt) return `Until ${formatDate(endsAt)}`;
  return "Always";
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** What a rule does, e.g. "Pins 2 products, hides 1 product, boosts 1, filters brand Sony, shows a banner". */
export function consequenceSummary(consequence: Consequence): string {
  const parts: string[] = [];
  if (consequence.pins.length) parts.push(`pins ${count(consequence.pins.length, "product", "products")}`);
  if (consequence.hide.length) parts.push(`hides ${count(consequence.hide.length, "product", "products")}`);
  const boosts = consequence.boosts.filter((boost) => boost.weight >= 0).length;
  const buries = consequence.boosts.length - boosts;
  if (boosts) parts.push(`boosts ${boosts}`);
  if (buries) parts.push(`buries ${buries}`);
  if (consequence.filter_brand.length) parts.push(`filters brand ${consequence.filter_brand.join(", ")}`);
  if (consequence.filter_type.length) parts.push(`filters type ${consequence.filter_type.join(", ")}`);
  if (consequence.redirect) parts.push(`redirects to ${consequence.redirect}`);
  if (consequence.banner) parts.push("shows a banner");
  const text = parts.join(", ");
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : "Nothing";
}

/** A preview change as text: "up 3", "down 2", "new", "gone" or "same". */
export function movementText(change: Pick<Change, "movement" | "published_position" | "draft_position">): string {
  const { movement, published_position: was, draft_position: now } = change;
  switch (movement) {
    case "in":
      return "new";
    case "out":
      return "gone";
    case "same":
      return "same";
    case "up":
    case "down":
      return was !== null && now !== null ? `${movement} ${Math.abs(was - now)}` : movement;
  }
}

/** A metric to three decimals, "0.512". */
export const formatNdcg = (value: number) => value.toFixed(3);

/** "NDCG@10: published 0.512, draft 0.601 (12 judged)". */
export function ndcgText(ndcg: { published: number; draft: number; judged: number }): string {
  return `NDCG@10: published ${formatNdcg(ndcg.published)}, draft ${formatNdcg(ndcg.draft)} (${ndcg.judged} judged)`;
}

/** "Judged queries: 40 — published NDCG@10 0.512, draft NDCG@10 0.530". */
export function evaluationText(evaluation: { queries: number; published_ndcg: number; draft_ndcg: number }): string {
  return `Judged queries: ${evaluation.queries} — published NDCG@10 ${formatNdcg(evaluation.published_ndcg)}, draft NDCG@10 ${formatNdcg(evaluation.draft_ndcg)}`;
}

/** "2 sets, 14 synonyms, 3 rules". */
export function versionSummary(summary: MerchVersion["summary"]): string {
  return [
    count(summary.synonym_sets, "set", "sets"),
    count(summary.synonyms, "synonym", "synonyms"),
    count(summary.rules, "rule", "rules"),
  ].join(", ");
}

export const SUGGESTION_KIND_LABELS: Record<MerchSuggestion["kind"], string> = {
  zero_results: "No results",
  low_ctr: "Low CTR",
  reformulation: "Reformulation",
};

/** "tv → television", or the query alone without a candidate. */
export function suggestionText(suggestion: Pick<MerchSuggestion, "query" | "candidate">): string {
  return suggestion.candidate ? `${suggestion.query} → ${suggestion.candidate}` : suggestion.query;
}

/** A click-through rate as "12.5%", or "—" without searches. */
export function ctrText(ctr: number | null): string {
  return ctr === null ? "—" : `${(ctr * 100).toFixed(1)}%`;
}
