/** Accepting a suggestion: what each kind of entry will do, and the confirm step a synonym goes through. */

import type { MerchSuggestion } from "../api/merchTypes";

export type AcceptKind = "correction" | "synonym";

export type AcceptState =
  | { step: "idle" }
  | { step: "confirming"; kind: AcceptKind }
  | { step: "submitting"; kind: AcceptKind };

export type AcceptEvent = { type: "ask"; kind: AcceptKind } | { type: "confirm" } | { type: "cancel" } | { type: "done" };

export const IDLE: AcceptState = { step: "idle" };

/** A synonym works both ways on every search of either query, so it is confirmed first; a correction is not. */
export function needsConfirmation(kind: AcceptKind): boolean {
  return kind === "synonym";
}

/** The next step: asking for a synonym opens the confirm step, confirming (or a correction) submits. */
export function acceptStep(state: AcceptState, event: AcceptEvent): AcceptState {
  switch (event.type) {
    case "ask":
      if (state.step === "submitting") return state;
      return needsConfirmation(event.kind) ? { step: "confirming", kind: event.kind } : { step: "submitting", kind: event.kind };
    case "confirm":
      return state.step === "confirming" ? { step: "submitting", kind: state.kind } : state;
    case "cancel":
      return state.step === "confirming" ? IDLE : state;
    case "done":
      return IDLE;
  }
}

/** What accepting will do to search, in words a merchandiser can check before saying yes. */
export function acceptEffect(suggestion: Pick<MerchSuggestion, "query" | "candidate">, kind: AcceptKind): string {
  const query = `“${suggestion.query}”`;
  const candidate = `“${suggestion.candidate ?? ""}”`;
  const where = "It goes into the draft set “Suggestions”; shoppers see it only once you publish.";
  if (kind === "synonym") {
    return (
      `${query} and ${candidate} become synonyms: a search for either also finds the products of the other, ` +
      `both ways, on every search that holds one of them. ${where}`
    );
  }
  return `A search for ${query} also finds the products of ${candidate}, ranked below exact matches; not the other way. ${where}`;
}

/** The evidence line of a suggestion. */
export function evidenceText(suggestion: Pick<MerchSuggestion, "evidence">): string {
  return suggestion.evidence || "No evidence recorded (found before evidence was kept); refresh to check it.";
}
