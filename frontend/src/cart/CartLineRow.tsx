/** One line of the cart: change its quantity (saved shortly after typing stops) or remove it. */

import { useEffect, useState } from "react";
import { removeCartItem, setCartQuantity } from "../api/shop";
import type { CartLine } from "../api/types";
import { parseQuantity } from "../product/AddToCart";
import { productUrl } from "../product/links";
import { ProductImage } from "../product/ProductImage";
import { StockNote } from "../product/StockNote";
import { formatMoney } from "../search/format";
import { useAction } from "../site/forms";
import { setCart } from "./cartStore";

const SAVE_DELAY_MS = 400;

export function CartLineRow({ line }: { line: CartLine }) {
  const [draft, setDraft] = useState(String(line.quantity));
  const save = useAction();
  const remove = useAction();

  // A new quantity from the server (this row's change, or another's) resets the field, during
  // render rather than in an effect, so the stale draft is never shown (React's "adjusting state
  // when a prop changes"). The reset also cancels a pending save: the effect below reruns.
  const [shown, setShown] = useState(line.quantity);
  if (shown !== line.quantity) {
    setShown(line.quantity);
    setDraft(String(line.quantity));
  }

  useEffect(() => {
    const wanted = parseQuantity(draft, 0);
    if (wanted === null || wanted === line.quantity) return;
    const timer = setTimeout(() => void save.run(async () => void setCart(await setCartQuantity(line.product_id, wanted))), SAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [draft]); // eslint-disable-line react-hooks/exhaustive-deps -- only an edit saves

  const error = save.error ?? remove.error;
  return (
    <tr data-testid="cart-line" className={line.problem ? "cart-line troubled" : "cart-line"}>
      <td className="cart-product">
        <span className="cart-thumb">
          <ProductImage productId={line.product_id} hint={line.brand ?? line.title} />
        </span>
        <span>
          {line.brand ? <span className="meta brand">{line.brand} </span> : null}
          <a href={productUrl(line.product_id)}>{line.title}</a>
          <StockNote label={line.stock_label} className="small-note" />
          {line.problem ? (
            <span className="line-problem" data-testid="line-problem">
              {line.problem}
            </span>
          ) : null}
          {error ? (
            <span className="inline-error" role="alert">
              {error}
            </span>
          ) : null}
        </span>
      </td>
      <td data-label="Price">{formatMoney(line.price, line.currency)}</td>
      <td data-label="Quantity">
        <input
          className="quantity"
          type="number"
          min={0}
          // Never below what the line holds, so a line over stock can still be lowered step by step.
          max={Math.max(line.max_quantity, line.quantity)}
          value={draft}
          aria-label={`Quantity for ${line.title}`}
          aria-invalid={parseQuantity(draft, 0) === null}
          aria-busy={save.busy}
          onChange={(event) => setDraft(event.target.value)}
        />
      </td>
      <td className="money" data-label="Total" data-testid="line-total">
        {formatMoney(line.line_total, line.currency)}
      </td>
      <td className="cart-remove">
        <button
          type="button"
          className="button secondary small"
          disabled={remove.busy}
          onClick={() => void remove.run(async () => void setCart(await removeCartItem(line.product_id)))}
        >
          Remove
        </button>
      </td>
    </tr>
  );
}
