/** The rule's pinned products: title, id, position (1..100) and Remove; titles of saved pins are looked up. */

import { useQueries } from "@tanstack/react-query";
import { useId } from "react";
import { useAppQueryClient } from "../api/queryClient";
import { getProduct } from "../api/shop";
import type { PinRow } from "./ruleForm";

export function PinList({ pins, onChange }: { pins: PinRow[]; onChange: (pins: PinRow[]) => void }) {
  const id = useId();
  const titles = useTitles(pins);
  if (pins.length === 0) return <p className="muted">No pinned products.</p>;
  const edit = (index: number, position: string) => onChange(pins.map((pin, i) => (i === index ? { ...pin, position } : pin)));
  return (
    <ol className="plain pins" aria-label="Pinned products">
      {pins.map((pin, index) => {
        const rowId = `${id}-${pin.product_id}`;
        return (
          <li key={pin.product_id}>
            <span id={rowId} className="pin-title">
              {pin.title ?? titles.get(pin.product_id) ?? "…"} <span className="muted">#{pin.product_id}</span>
            </span>
            <label className="inline-field">
              Position
              <input
                type="number"
                min={1}
                max={100}
                step={1}
                required
                value={pin.position}
                aria-describedby={rowId}
                onChange={(event) => edit(index, event.target.value)}
              />
            </label>
            <button
              type="button"
              className="button secondary small"
              aria-describedby={rowId}
              onClick={() => onChange(pins.filter((_, i) => i !== index))}
            >
              Remove
            </button>
          </li>
        );
      })}
    </ol>
  );
}

/** The titles of pins that came from a saved rule (only ids), each looked up once as a product query. */
function useTitles(pins: PinRow[]): Map<number, string> {
  const client = useAppQueryClient();
  const missing = pins.filter((pin) => pin.title === null).map((pin) => pin.product_id);
  const found = useQueries(
    { queries: missing.map((productId) => ({ queryKey: ["product", productId], queryFn: () => getProduct(productId) })) },
    client,
  );
  const titles = new Map<number, string>();
  missing.forEach((productId, i) => {
    const result = found[i];
    // A pinned product deleted since the rule was saved still shows, named by its id.
    if (result?.isError) titles.set(productId, `Product ${productId} (not found)`);
    else if (result?.data) titles.set(productId, result.data.title);
  });
  return titles;
}
