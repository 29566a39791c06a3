/** Open suggestions: kind, query (→ candidate), evidence, searches, clicks, CTR; accept a reformulation (a synonym after
 * a confirm step showing what it will do), or dismiss any. */

import { useState } from "react";
import { acceptSuggestion, dismissSuggestion } from "../api/merch";
import type { MerchSuggestion } from "../api/merchTypes";
import { useAction } from "../site/forms";
import { acceptEffect, acceptStep, evidenceText, IDLE, type AcceptEvent, type AcceptKind, type AcceptState } from "./acceptFlow";
import { ctrText, SUGGESTION_KIND_LABELS, suggestionText } from "./summaries";
import { ConsoleTable } from "./ConsoleTable";

export function SuggestionTable({
  suggestions,
  onAccepted,
  onDismissed,
}: {
  suggestions: MerchSuggestion[];
  onAccepted: (id: number) => void;
  onDismissed: (suggestion: MerchSuggestion) => void;
}) {
  return (
    <ConsoleTable caption="Open suggestions" columns={["Kind", "Query", "Evidence", "Searches", "Clicks", "CTR"]}>
          {suggestions.map((suggestion) => (
            <SuggestionRow key={suggestion.id} suggestion={suggestion} onAccepted={onAccepted} onDismissed={onDismissed} />
          ))}
        </ConsoleTable>
  );
}

function SuggestionRow({
  suggestion,
  onAccepted,
  onDismissed,
}: {
  suggestion: MerchSuggestion;
  onAccepted: (id: number) => void;
  onDismissed: (suggestion: MerchSuggestion) => void;
}) {
  const action = useAction();
  const [state, setState] = useState<AcceptState>(IDLE);
  const queryId = `suggestion-${suggestion.id}`;
  const submit = (kind: AcceptKind) =>
    void action
      .run(async () => {
        await acceptSuggestion(suggestion.id, kind);
        onAccepted(suggestion.id);
      })
      .finally(() => setState(IDLE));
  // A synonym waits in the confirm step; confirming it (or asking for a correction) submits.
  const act = (event: AcceptEvent) => {
    const next = acceptStep(state, event);
    setState(next);
    if (next.step === "submitting" && state.step !== "submitting") submit(next.kind);
  };
  const dismiss = () =>
    void action.run(async () => {
      await dismissSuggestion(suggestion.id);
      onDismissed(suggestion);
    });
  const busy = action.busy || state.step !== "idle";
  return (
    <>
      <tr>
        <td>{SUGGESTION_KIND_LABELS[suggestion.kind]}</td>
        <th scope="row" id={queryId}>
          {suggestionText(suggestion)}
        </th>
        <td>{evidenceText(suggestion)}</td>
        <td>{suggestion.searches}</td>
        <td>{suggestion.clicks}</td>
        <td>{ctrText(suggestion.ctr)}</td>
        <td className="row-actions">
          {suggestion.kind === "reformulation" && suggestion.candidate ? (
            <>
              <button type="button" className="button secondary small" disabled={busy} aria-describedby={queryId} onClick={() => act({ type: "ask", kind: "correction" })}>
                Accept as correction
              </button>
              <button type="button" className="button secondary small" disabled={busy} aria-describedby={queryId} onClick={() => act({ type: "ask", kind: "synonym" })}>
                Accept as synonym
              </button>
            </>
          ) : null}
          <button type="button" className="button secondary small" disabled={busy} aria-describedby={queryId} onClick={dismiss}>
            Dismiss
          </button>
          {action.error ? (
            <span className="inline-error" role="alert">
              {action.error}
            </span>
          ) : null}
        </td>
      </tr>
      {state.step === "confirming" ? (
        <tr>
          <td colSpan={7}>
            <SynonymConfirm
              suggestion={suggestion}
              kind={state.kind}
              onConfirm={() => act({ type: "confirm" })}
              onCancel={() => act({ type: "cancel" })}
            />
          </td>
        </tr>
      ) : null}
    </>
  );
}

/** The confirm step: what the entry will do and the evidence for it, before anything is added. */
export function SynonymConfirm({
  suggestion,
  kind,
  onConfirm,
  onCancel,
}: {
  suggestion: MerchSuggestion;
  kind: AcceptKind;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const titleId = `confirm-${suggestion.id}`;
  return (
    <div className="confirm" role="group" aria-labelledby={titleId}>
      <p id={titleId}>
        <strong>Add “{suggestionText(suggestion)}” as a {kind}?</strong>
      </p>
      <p>{acceptEffect(suggestion, kind)}</p>
      <p className="muted">Evidence: {evidenceText(suggestion)}</p>
      <div className="actions">
        <button type="button" className="button small" onClick={onConfirm}>
          Confirm {kind}
        </button>
        <button type="button" className="button secondary small" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
