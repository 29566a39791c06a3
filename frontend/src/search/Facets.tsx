import { useState } from "react";
import type { FacetValue } from "../api/types";
import { facetLabel } from "./format";
import { toggle, type SearchState } from "./urlState";

const TITLES: Record<string, string> = {
  product_type: "Category",
  brand: "Brand",
  price: "Price",
  rating: "Customer rating",
};
const SHOWN = 12;

interface Props {
  facets: Record<string, FacetValue[]>;
  state: SearchState;
  onChange: (next: SearchState) => void;
}

export function Facets({ facets, state, onChange }: Props) {
  const choose = (facet: string, value: string) => {
    const next = { ...state, page: 1 };
    if (facet === "brand") next.brand = toggle(state.brand, value);
    if (facet === "product_type") next.type = toggle(state.type, value);
    if (facet === "price") next.price = state.price === value ? null : value;
    if (facet === "rating") next.min_rating = state.min_rating === value ? null : value;
    onChange(next);
  };
  const filtered = state.brand.length + state.type.length > 0 || state.price || state.min_rating || state.in_stock;

  return (
    <aside className="facets" aria-label="Filters">
      {filtered ? (
        <button
          className="link clear"
          onClick={() => onChange({ ...state, brand: [], type: [], price: null, min_rating: null, in_stock: false, page: 1 })}
        >
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
        <FacetGroup key={name} name={name} values={facets[name] ?? []} onChoose={(v) => choose(name, v)} />
      ))}
    </aside>
  );
}

function FacetGroup({ name, values, onChoose }: { name: string; values: FacetValue[]; onChoose: (value: string) => void }) {
  const [expanded, setExpanded] = useState(false);
  const visible = values.filter((v) => v.count > 0 || v.selected);
  if (visible.length === 0) return null;
  const shown = expanded ? visible : visible.slice(0, SHOWN);
  return (
    <fieldset className="facet" data-testid={`facet-${name}`}>
      <legend>{TITLES[name] ?? name}</legend>
      <ul>
        {shown.map((v) => (
          <li key={v.value}>
            <label className={v.selected ? "selected" : undefined}>
              <input type="checkbox" checked={v.selected} onChange={() => onChoose(v.value)} />
              <span className="facet-value">{facetLabel(name, v.value)}</span>
              <span className="count">{v.count}</span>
            </label>
          </li>
        ))}
      </ul>
      {visible.length > SHOWN ? (
        <button className="link" onClick={() => setExpanded(!expanded)}>
          {expanded ? "Show fewer" : `Show all ${visible.length}`}
        </button>
      ) : null}
    </fieldset>
  );
}
