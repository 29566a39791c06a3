/** The keyboard logic of the search box's suggestion list, as a pure reducer (ARIA combobox pattern). */

export interface ComboboxState {
  open: boolean;
  /** The highlighted option, or -1 when the typed text itself is current. */
  active: number;
  /** How many options the list has. */
  count: number;
  /** Set by Enter on an option: the index to search for; cleared by the next action. */
  chosen: number | null;
}

export type ComboboxAction =
  | { type: "options"; count: number }
  | { type: "key"; key: string }
  | { type: "hover"; index: number }
  | { type: "close" };

export const CLOSED: ComboboxState = { open: false, active: -1, count: 0, chosen: null };

export function comboboxReducer(state: ComboboxState, action: ComboboxAction): ComboboxState {
  const base = { ...state, chosen: null };
  switch (action.type) {
    case "options":
      return { open: action.count > 0, active: -1, count: action.count, chosen: null };
    case "hover":
      return action.index >= 0 && action.index < state.count ? { ...base, active: action.index } : base;
    case "close":
      return { ...base, open: false, active: -1 };
    case "key":
      return onKey(base, action.key);
  }
}

function onKey(state: ComboboxState, key: string): ComboboxState {
  const { open, active, count } = state;
  if (count === 0) return state;
  switch (key) {
    case "ArrowDown":
      // A closed list opens on the first option; an open one moves down, wrapping to the top.
      return open ? { ...state, active: (active + 1) % count } : { ...state, open: true, active: 0 };
    case "ArrowUp":
      return open ? { ...state, active: active <= 0 ? count - 1 : active - 1 } : { ...state, open: true, active: count - 1 };
    case "Escape":
      return { ...state, open: false, active: -1 };
    case "Enter":
      return open && active >= 0 ? { ...state, open: false, active: -1, chosen: active } : { ...state, open: false, active: -1 };
    default:
      return state;
  }
}

/** Whether the key is one the combobox handles itself (so the page should not act on it too). */
export function handlesKey(state: ComboboxState, key: string): boolean {
  if (state.count === 0) return false;
  if (key === "ArrowDown" || key === "ArrowUp") return true;
  if (key === "Escape") return state.open;
  if (key === "Enter") return state.open && state.active >= 0;
  return false;
}
