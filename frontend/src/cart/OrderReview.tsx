/** The last step before buying: the lines, quantities and total as they will be charged, then "Place order".

The server places the order only if the cart still matches this review and the stock is still there;
otherwise nothing is ordered, the cart is kept, and `onRefused` gets the server's sentence.
*/

import { useState } from "react";
import { ApiError, errorText } from "../api/client";
import { placeOrder } from "../api/shop";
import type { Cart } from "../api/types";
import { formatMoney } from "../search/format";
import { Notices, useAction } from "../site/forms";
import { loadCart } from "./cartStore";

export function OrderReview({ cart, onBack, onRefused }: { cart: Cart; onBack: () => void; onRefused: (reason: string) => void }) {
  const action = useAction();
  // Set once the order is placed: the button stays disabled while the orders page loads.
  const [leaving, setLeaving] = useState(false);

  const place = () =>
    void action.run(async () => {
      try {
        const order = await placeOrder({
          lines: cart.items.map((line) => ({ product_id: line.product_id, quantity: line.quantity })),
          total: cart.total,
        });
        setLeaving(true);
        await loadCart(true).catch(() => undefined); // the order emptied the cart
        window.location.assign(`/orders?placed=${order.id}`);
      } catch (error) {
        // Signed out meanwhile: the middleware is taking the browser to sign-in and back to the cart.
        if (error instanceof ApiError && error.redirecting) {
          setLeaving(true);
          return;
        }
        if (error instanceof ApiError && error.status === 409) {
          // Stock or the cart moved since the review: show the cart as it is now, with the reason.
          await loadCart(true).catch(() => undefined);
          onRefused(errorText(error));
          return;
        }
        throw error;
      }
    });

  return (
    <section className="order-review" aria-labelledby="review-heading" data-testid="order-review">
      <h2 id="review-heading">Review your order</h2>
      <ul className="review-lines">
        {cart.items.map((line) => (
          <li key={line.product_id} className="review-line" data-testid="review-line">
            <span className="review-title">{line.title}</span>
            <span className="review-quantity">
              {line.quantity} × {formatMoney(line.price, line.currency)}
            </span>
            <span className="money">{formatMoney(line.line_total, line.currency)}</span>
          </li>
        ))}
      </ul>
      <p className="cart-total">
        {cart.item_count} {cart.item_count === 1 ? "item" : "items"}, total{" "}
        <strong data-testid="review-total">{formatMoney(cart.total, cart.currency)}</strong>
      </p>
      <Notices error={action.error} message={null} />
      <div className="actions review-actions">
        <button type="button" className="button secondary" disabled={action.busy || leaving} onClick={onBack}>
          Back to cart
        </button>
        <button type="button" className="button" disabled={action.busy || leaving} onClick={place}>
          Place order
        </button>
      </div>
    </section>
  );
}
