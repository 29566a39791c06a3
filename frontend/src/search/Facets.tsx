import { useEffect, useRef, useState } from "react";
import type { FacetValue } from "../api/types";
import { facetLabel } from "./format";
import { clearFilters, filterCount, toggle, type SearchState } from "./urlState";

const TITLES: Record<string, string> = {
  product_type: "Category",
  brand: "Brand",
  price: "Price",
  rating: "Customer rating",
};
// How many values a facet lists before "show all": brands are many, the rest are short lists.
const SHOWN: Record<string, number> = { brand: 15 };
const SHOWN_DEFAULT = 12;

interface Props {
  facets: Record<string, FacetValue[]>;
  state: SearchState;
  onChange: (next: SearchState) => void;
  /** The catalog's currency, for price range labels. */
  currency: string;
  /** On narrow screens the filters fold away; open, they cover the screen as a sheet. */
  open: boolean;
  /** Close the sheet (its "Show N results" button, its close button, Escape). */
  onClose: () => void;
  /** How many results the current filters give, for the sheet's "Show N results". */
  total: number;
}

export function Facets({ facets, state, onChange, currency, open, onClose, total }: Props) {
  const sheet = useRef<HTMLElement>(null);
  // Opening the sheet moves the focus into it, so keyboard and screen reader users land there.
  useEffect(() => {
    if (open) sheet.current?.focus();
  }, [open]);
  const choose = (facet: string, value: string) => {
    const next = { ...state, page: 1 };
    if (facet === "brand") next.brand = toggle(state.brand, value);
    if (facet === "product_type") next.type = toggle(state.type, value);
    if (facet === "price") next.price = state.price === value ? null : value;
    if (facet === "rating") next.min_rating = state.min_rating === value ? null : value;
    onChange(next);
  };

  return (
    <aside
      id="filters"
      ref={sheet}
      tabIndex={-1}
      className={open ? "facets open" : "facets"}
      aria-label="Filters"
      role={open ? "dialog" : undefined}
      aria-modal={open ? true : undefined}
      onKeyDown={(event) => open && event.key === "Escape" && onClose()}
    >
      <div className="sheet-head">
        <h2>Filters</h2>
        <button type="button" className="sheet-close" aria-label="Close filters" onClick={onClose}>
          ×
        </button>
      </div>
      {filterCount(state) > 0 ? (
        <button className="link clear" onClick={() => onChange(clearFilters(state))}>
          Clear all filters
        </button>
      ) : null}
      <label className="stock-toggle">
        <input
          type="checkbox"
          checked={state.in_stock}
          onChange={(event) => onChange({ ...state, in_stock: event.target.checked, page: 1 })}
        />
        In stock only
      </label>
      {["product_type", "brand", "price", "rating"].map((name) => (
        <FacetGroup key={name} name={name} values={facets[name] ?? []} currency={currency} onChoose={(v) => choose(name, v)} />
      ))}
      <div className="sheet-foot">
        <button type="button" className="button" data-testid="show-results" onClick={onClose}>
          Show {total.toLocaleString("en")} {total === 1 ? "result" : "results"}
        </button>
      </div>
    </aside>
  );
}

interface GroupProps {
  name: string;
  values: FacetValue[];
  currency: string;
  onChoose: (value: string) => void;
}

function FacetGroup({ name, values, currency, onChoose }: GroupProps) {
  const [expanded, setExpanded] = useState(false);
  const visible = values.filter((v) => v.count > 0 || v.selected);
  if (visible.length === 0) return null;
  const limit = SHOWN[name] ?? SHOWN_DEFAULT;
  const shown = expanded ? visible : visible.slice(0, limit);
  return (
    <fieldset className="facet" data-testid={`facet-${name}`}>
      <legend>{TITLES[name] ?? name}</legend>
      <ul>
        {shown.map((v) => (
          <li key={v.value}>
            <label className={v.selected ? "selected" : undefined}>
              <input type="checkbox" checked={v.selected} onChange={() => onChoose(v.value)} />
              <span className="facet-value">{facetLabel(name, v.value, currency)}</span>
              <span className="count">{v.count}</span>
            </label>
          </li>
        ))}
      </ul>
      {visible.length > limit ? (
        <button className="link more" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
          {expanded ? "Show fewer" : `Show all ${visible.length}`}
        </button>
      ) : null}
    </fieldset>
  );
}
