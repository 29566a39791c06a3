/** Open suggestions: kind, query (→ candidate), searches, clicks, CTR; accept a reformulation, or dismiss any. */

import { acceptSuggestion, dismissSuggestion } from "../api/merch";
import type { MerchSuggestion } from "../api/merchTypes";
import { useAction } from "../site/forms";
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
    <ConsoleTable caption="Open suggestions" columns={["Kind", "Query", "Searches", "Clicks", "CTR"]}>
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
  const queryId = `suggestion-${suggestion.id}`;
  const accept = (kind: "correction" | "synonym") =>
    void action.run(async () => {
      await acceptSuggestion(suggestion.id, kind);
      onAccepted(suggestion.id);
    });
  const dismiss = () =>
    void action.run(async () => {
      await dismissSuggestion(suggestion.id);
      onDismissed(suggestion);
    });
  return (
    <tr>
      <td>{SUGGESTION_KIND_LABELS[suggestion.kind]}</td>
      <th scope="row" id={queryId}>
        {suggestionText(suggestion)}
      </th>
      <td>{suggestion.searches}</td>
      <td>{suggestion.clicks}</td>
      <td>{ctrText(suggestion.ctr)}</td>
      <td className="row-actions">
        {suggestion.kind === "reformulation" && suggestion.candidate ? (
          <>
            <button type="button" className="button secondary small" disabled={action.busy} aria-describedby={queryId} onClick={() => accept("correction")}>
              Accept as correction
            </button>
            <button type="button" className="button secondary small" disabled={action.busy} aria-describedby={queryId} onClick={() => accept("synonym")}>
              Accept as synonym
            </button>
          </>
        ) : null}
        <button type="button" className="button secondary small" disabled={action.busy} aria-describedby={queryId} onClick={dismiss}>
          Dismiss
        </button>
        {action.error ? (
          <span className="inline-error" role="alert">
            {action.error}
          </span>
        ) : null}
      </td>
    </tr>
  );
}
