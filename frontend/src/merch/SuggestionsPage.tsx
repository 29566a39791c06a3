/** Merchandisers: synonyms and corrections suggested by search logs (no results, low CTR, reformulations). */

import { useState } from "react";
import { listSuggestions, refreshSuggestions } from "../api/merch";
import { Notices, useAction } from "../site/forms";
import { MerchPage, type DraftContext } from "./MerchPage";
import { SuggestionTable } from "./SuggestionTable";
import { useMerchLoad } from "./useMerchLoad";

export function SuggestionsPage() {
  return (
    <MerchPage title="Suggestions" path="/merch/suggestions">
      {(context) => <Suggestions context={context} />}
    </MerchPage>
  );
}

function Suggestions({ context }: { context: DraftContext }) {
  const [round, setRound] = useState(0);
  const suggestions = useMerchLoad(`suggestions:${round}`, () => listSuggestions("open"));
  const refresh = useAction();
  const [message, setMessage] = useState<string | null>(null);
  const look = () =>
    void refresh.run(async () => {
      setMessage(null);
      const { found } = await refreshSuggestions();
      setRound((r) => r + 1);
      setMessage(`Found ${found} new ${found === 1 ? "suggestion" : "suggestions"}.`);
    });
  const settled = (id: number, text: string) => {
    suggestions.set((suggestions.data ?? []).filter((s) => s.id !== id));
    setMessage(text);
  };
  return (
    <>
      <p className="muted">
        Queries that found nothing, were rarely clicked, or that shoppers rephrased. Accepting adds an entry to the draft
        set &ldquo;Suggestions&rdquo;.
      </p>
      <div className="actions">
        <button type="button" className="button" disabled={refresh.busy} onClick={look}>
          Look for suggestions
        </button>
      </div>
      <Notices error={refresh.error ?? suggestions.error} message={message} />
      <section aria-live="polite" aria-busy={suggestions.loading}>
        {suggestions.data === null ? (
          suggestions.error ? null : <p className="muted">Loading the suggestions…</p>
        ) : suggestions.data.length === 0 ? (
          <p className="muted">No open suggestions.</p>
        ) : (
          <SuggestionTable
            suggestions={suggestions.data}
            onAccepted={(id) => {
              settled(id, "Added to the draft set Suggestions; publish to apply.");
              context.changed();
            }}
            onDismissed={(suggestion) => settled(suggestion.id, `Dismissed “${suggestion.query}”.`)}
          />
        )}
      </section>
    </>
  );
}
