/** Find products by sku or title words and pin or hide them; lives inside the rule form, so no form of its own. */

import { useId, useState, type KeyboardEvent } from "react";
import { findProducts } from "../api/merch";
import type { ProductLookupHit } from "../api/merchTypes";
import { Notices, useAction } from "../site/forms";

export function ProductPicker({ onPin, onHide }: { onPin: (hit: ProductLookupHit) => void; onHide: (hit: ProductLookupHit) => void }) {
  const id = useId();
  const [q, setQ] = useState("");
  const [hits, setHits] = useState<ProductLookupHit[] | null>(null);
  const action = useAction();
  const find = () => {
    if (!q.trim()) return;
    void action.run(async () => {
      const found = await findProducts(q.trim());
      setHits(found);
      return found.length ? null : `No product has the sku “${q.trim()}” or every one of its words in its title.`;
    });
  };
  // Enter searches here rather than saving the whole rule.
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "Enter") {
      event.preventDefault();
      find();
    }
  };

  return (
    <div className="picker">
      <div className="picker-search">
        <div className="field">
          <label htmlFor={id}>Find product to pin or hide</label>
          <input id={id} type="search" value={q} aria-describedby={`${id}-hint`} onChange={(event) => setQ(event.target.value)} onKeyDown={onKeyDown} />
          <small id={`${id}-hint`} className="hint">
            An exact sku, or words of the title (“thinkpad x1 carbon”); then pin or hide a product.
          </small>
        </div>
        <button type="button" className="button secondary" disabled={action.busy || !q.trim()} onClick={find}>
          Find
        </button>
      </div>
      <Notices error={action.error} message={action.message} />
      {hits && hits.length ? (
        <ul className="plain picker-results" aria-label="Products found" aria-busy={action.busy}>
          {hits.map((hit) => {
            const titleId = `${id}-hit-${hit.product_id}`;
            return (
              <li key={hit.product_id}>
                <span id={titleId}>
                  {hit.title}{" "}
                  <span className="muted">
                    #{hit.product_id} · sku {hit.sku}
                    {hit.brand ? ` · ${hit.brand}` : ""}
                  </span>
                  {hit.matched === "sku" ? <span className="badge">exact sku</span> : null}
                </span>
                <button type="button" className="button secondary small" aria-describedby={titleId} onClick={() => onPin(hit)}>
                  Pin
                </button>
                <button type="button" className="button secondary small" aria-describedby={titleId} onClick={() => onHide(hit)}>
                  Hide
                </button>
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}
