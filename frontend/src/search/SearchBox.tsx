/** The search form, with suggestions as you type (ARIA combobox with a listbox popup). */

import { useId, useState, type FormEvent, type KeyboardEvent } from "react";
import type { Suggestion } from "../api/types";
import { CLOSED, comboboxReducer, handlesKey, type ComboboxAction } from "./combobox";
import { SuggestionList } from "./SuggestionList";
import { useSuggestions } from "./useSuggestions";

export function SearchBox({ query, onSearch }: { query: string; onSearch: (q: string) => void }) {
  const [text, setText] = useState(query);
  // Suggestions only follow what the user types, not a query the page set.
  const [typing, setTyping] = useState(false);
  const [combo, setCombo] = useState(CLOSED);
  const suggestions = useSuggestions(text, typing);
  const listId = useId();
  const dispatch = (action: ComboboxAction) => {
    const next = comboboxReducer(combo, action);
    setCombo(next);
    return next;
  };

  // Adjusted during render, not in effects (React's "adjusting state when a prop changes"), so
  // no frame shows the old text or a list state for the old options.
  // A query the page set (a search, Back) replaces the text and stops following the typing.
  const [shownQuery, setShownQuery] = useState(query);
  if (shownQuery !== query) {
    setShownQuery(query);
    setText(query);
    setTyping(false);
  }
  // New options reopen the list with nothing highlighted (none close it).
  const [shownSuggestions, setShownSuggestions] = useState(suggestions);
  if (shownSuggestions !== suggestions) {
    setShownSuggestions(suggestions);
    setCombo(comboboxReducer(combo, { type: "options", count: suggestions.length }));
  }

  const search = (q: string) => {
    setTyping(false);
    setCombo(CLOSED);
    onSearch(q);
  };
  const choose = (suggestion: Suggestion | undefined) => {
    if (!suggestion) return;
    setText(suggestion.text);
    search(suggestion.text);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    search(text.trim());
  };
  const keyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.nativeEvent.isComposing || !handlesKey(combo, event.key)) return;
    event.preventDefault();
    const next = dispatch({ type: "key", key: event.key });
    if (next.chosen !== null) choose(suggestions[next.chosen]);
  };

  const expanded = combo.open && suggestions.length > 0;
  const optionId = (index: number) => `${listId}-option-${index}`;
  return (
    <form className="search-box" role="search" onSubmit={submit}>
      <label htmlFor="search-input" className="visually-hidden">
        Search products
      </label>
      <div className="combobox">
        <input
          id="search-input"
          data-testid="search-input"
          type="search"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-activedescendant={expanded && combo.active >= 0 ? optionId(combo.active) : undefined}
          value={text}
          maxLength={512}
          placeholder="Search laptops, headphones, toner…"
          autoComplete="off"
          onChange={(event) => {
            setText(event.target.value);
            setTyping(true);
          }}
          onKeyDown={keyDown}
          onBlur={() => dispatch({ type: "close" })}
        />
        <SuggestionList
          id={listId}
          optionId={optionId}
          suggestions={expanded ? suggestions : []}
          active={combo.active}
          onHover={(index) => dispatch({ type: "hover", index })}
          onChoose={(index) => choose(suggestions[index])}
        />
      </div>
      <button type="submit">Search</button>
    </form>
  );
}
