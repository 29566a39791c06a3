/** The popup of the search box: one option per suggestion, brands and categories labelled as such. */

import type { Suggestion, SuggestionKind } from "../api/types";

const KIND_LABELS: Record<SuggestionKind, string | null> = { query: null, brand: "Brand", type: "Category" };

export function SuggestionList({
  id,
  optionId,
  suggestions,
  active,
  onHover,
  onChoose,
}: {
  id: string;
  optionId: (index: number) => string;
  suggestions: Suggestion[];
  active: number;
  onHover: (index: number) => void;
  onChoose: (index: number) => void;
}) {
  // The listbox is always there (aria-controls must name an element); it is hidden while empty.
  return (
    <ul id={id} role="listbox" aria-label="Suggestions" className="suggestions" hidden={suggestions.length === 0}>
      {suggestions.map((suggestion, index) => {
        const kind = KIND_LABELS[suggestion.kind];
        return (
          <li
            key={`${suggestion.kind}:${suggestion.text}`}
            id={optionId(index)}
            role="option"
            aria-selected={index === active}
            className={index === active ? "suggestion active" : "suggestion"}
            // Keep the focus in the input, so choosing does not first blur (and close) the list.
            onMouseDown={(event) => event.preventDefault()}
            onMouseMove={() => index !== active && onHover(index)}
            onClick={() => onChoose(index)}
          >
            <span className="suggestion-text">{suggestion.text}</span>
            {kind ? <span className="suggestion-kind"> {kind}</span> : null}
          </li>
        );
      })}
    </ul>
  );
}
