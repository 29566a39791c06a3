/** Choose a quantity and add it to what the cart already holds of this product. */

import { useState, type FormEvent } from "react";
import { setCartQuantity } from "../api/shop";
import type { ProductDetail } from "../api/types";
import { loadCart, quantityInCart, setCart } from "../cart/cartStore";
import { Field, Notices, useAction } from "../site/forms";
import { track } from "../tracking/track";

export const MAX_QUANTITY = 99;

/** A whole number from `min` to `max` (99 unless the stock is lower), or null. */
export function parseQuantity(text: string, min = 1, max = MAX_QUANTITY): number | null {
  const value = Number(text);
  return /^\s*\d+\s*$/.test(text) && value >= min && value <= max ? value : null;
}

export function AddToCart({ product, queryId }: { product: ProductDetail; queryId: string | null }) {
  const [quantity, setQuantity] = useState("1");
  const action = useAction();

  const most = product.max_quantity;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const chosen = parseQuantity(quantity, 1, most);
    if (chosen === null) {
      action.fail(most === 1 ? "Only 1 is left: choose 1." : `Choose a quantity from 1 to ${most}.`);
      return;
    }
    void action.run(async () => {
      // The latest cart, so a line added in another tab is counted too.
      const cart = await loadCart(true);
      setCart(await setCartQuantity(product.product_id, quantityInCart(cart, product.product_id) + chosen));
      track({ type: "add_to_cart", product_id: product.product_id, quantity: chosen, ...(queryId ? { query_id: queryId } : {}) });
      return "Added to cart";
    });
  };

  return (
    <form className="buy" onSubmit={submit}>
      <Field label="Quantity" type="number" min={1} max={Math.max(most, 1)} value={quantity} onChange={setQuantity} />
      <button className="button" type="submit" disabled={action.busy || most === 0}>
        Add to cart
      </button>
      <Notices error={action.error} message={action.message} />
      {action.message ? (
        <p className="aside">
          <a href="/cart">View your cart</a>
        </p>
      ) : null}
    </form>
  );
}
