import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { MerchSuggestion } from "../api/merchTypes";
import { acceptEffect, acceptStep, evidenceText, IDLE, needsConfirmation, type AcceptState } from "./acceptFlow";
import { SuggestionTable, SynonymConfirm } from "./SuggestionTable";

const pair: MerchSuggestion = {
  id: 4,
  kind: "reformulation",
  query: "labtop",
  candidate: "laptop",
  searches: 6,
  clicks: 0,
  ctr: 0,
  evidence: "3 shoppers searched this next and clicked; one typo apart",
  status: "open",
  created_at: "2026-12-02T04:00:00Z",
};
const none = () => undefined;

describe("accepting a suggestion", () => {
  it("asks before a synonym and submits only on confirm", () => {
    const asked = acceptStep(IDLE, { type: "ask", kind: "synonym" });
    expect(asked).toEqual({ step: "confirming", kind: "synonym" });
    expect(acceptStep(asked, { type: "cancel" })).toEqual(IDLE);
    expect(acceptStep(asked, { type: "confirm" })).toEqual({ step: "submitting", kind: "synonym" });
    expect(acceptStep(IDLE, { type: "confirm" })).toEqual(IDLE); // nothing to confirm
  });

  it("takes a one-way correction at once, and nothing twice while submitting", () => {
    expect(needsConfirmation("synonym")).toBe(true);
    expect(needsConfirmation("correction")).toBe(false);
    const submitting = acceptStep(IDLE, { type: "ask", kind: "correction" });
    expect(submitting).toEqual({ step: "submitting", kind: "correction" });
    expect(acceptStep(submitting, { type: "ask", kind: "synonym" })).toBe(submitting);
    expect(acceptStep(submitting, { type: "done" })).toEqual(IDLE);
  });

  it("says what each entry will do to search", () => {
    expect(acceptEffect(pair, "synonym")).toContain("“labtop” and “laptop” become synonyms");
    expect(acceptEffect(pair, "synonym")).toContain("both ways");
    expect(acceptEffect(pair, "correction")).toContain("not the other way");
    expect(acceptEffect(pair, "correction")).toContain("only once you publish");
    expect(evidenceText({ evidence: "" })).toContain("No evidence recorded");
  });

  it("lists the evidence, and a synonym button that only opens the confirm step", () => {
    const html = renderToStaticMarkup(<SuggestionTable suggestions={[pair]} onAccepted={none} onDismissed={none} />);
    expect(html).toContain(">Evidence</th>");
    expect(html).toContain("one typo apart");
    expect(html).toContain(">Accept as synonym</button>");
    expect(html).not.toContain("Confirm synonym"); // closed until asked
  });

  it("shows the effect and the evidence in the confirm step", () => {
    const state: AcceptState = acceptStep(IDLE, { type: "ask", kind: "synonym" });
    if (state.step !== "confirming") throw new Error("the synonym was not held for confirmation");
    const html = renderToStaticMarkup(<SynonymConfirm suggestion={pair} kind={state.kind} onConfirm={none} onCancel={none} />);
    expect(html).toContain("Add “labtop → laptop” as a synonym?");
    expect(html).toContain("become synonyms");
    expect(html).toContain("Evidence: 3 shoppers searched this next and clicked; one typo apart");
    expect(html).toContain(">Confirm synonym</button>");
    expect(html).toContain(">Cancel</button>");
  });
});
