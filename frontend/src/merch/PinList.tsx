/** The rule's pinned products: title, id, position (1..100) and Remove; titles of saved pins are looked up. */

import { useEffect, useId } from "react";
import { getProduct } from "../api/shop";
import type { PinRow } from "./ruleForm";

export function PinList({
  pins,
  onChange,
  onTitles,
}: {
  pins: PinRow[];
  onChange: (pins: PinRow[]) => void;
  /** Titles looked up for pins that had none. */
  onTitles: (titles: Map<number, string>) => void;
}) {
  const id = useId();
  useTitles(pins, onTitles);
  if (pins.length === 0) return <p className="muted">No pinned products.</p>;
  const edit = (index: number, position: string) => onChange(pins.map((pin, i) => (i === index ? { ...pin, position } : pin)));
  return (
    <ol className="plain pins" aria-label="Pinned products">
      {pins.map((pin, index) => {
        const rowId = `${id}-${pin.product_id}`;
        return (
          <li key={pin.product_id}>
            <span id={rowId} className="pin-title">
              {pin.title ?? "…"} <span className="muted">#{pin.product_id}</span>
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

/** Look up the titles of pins that came from a saved rule (only ids), once each. */
function useTitles(pins: PinRow[], onTitles: (titles: Map<number, string>) => void) {
  const key = pins
    .filter((pin) => pin.title === null)
    .map((pin) => pin.product_id)
    .join(",");
  useEffect(() => {
    if (!key) return;
    let live = true;
    const lookups = key.split(",").map((text) => {
      const productId = Number(text);
      return getProduct(productId).then(
        (product) => [productId, product.title] as const,
        () => [productId, `Product ${productId} (not found)`] as const,
      );
    });
    void Promise.all(lookups).then((found) => live && onTitles(new Map(found)));
    return () => {
      live = false;
    };
  }, [key]); // eslint-disable-line react-hooks/exhaustive-deps -- the missing ids name the lookup
}
