/** The cart: its lines, the total, clearing it, and checkout. */

import { useState } from "react";
import { clearCart } from "../api/shop";
import type { Cart } from "../api/types";
import { formatMoney } from "../search/format";
import { Notices, useAction } from "../site/forms";
import { PageShell } from "../site/PageShell";
import { setCart } from "./cartStore";
import { CartLineRow } from "./CartLineRow";
import { Checkout } from "./Checkout";
import { OrderReview } from "./OrderReview";
import { useCart } from "./useCart";
import "./cart.css";

export function CartPage() {
  const { cart, error } = useCart();
  return (
    <PageShell title="Your cart" wide>
      {cart === null ? (
        error ? (
          <Notices error={error} message={null} />
        ) : (
          <p aria-busy="true">Loading your cart…</p>
        )
      ) : cart.items.length === 0 ? (
        <div className="empty" data-testid="empty-cart">
          <p>Your cart is empty.</p>
          <p className="empty-actions">
            <a className="button" href="/">
              Find something to buy
            </a>
          </p>
        </div>
      ) : (
        <CartContents cart={cart} />
      )}
    </PageShell>
  );
}

function CartContents({ cart }: { cart: Cart }) {
  const clear = useAction();
  // The cart as reviewed: the order placed is exactly this one, or none.
  const [reviewing, setReviewing] = useState<Cart | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  if (reviewing) {
    return (
      <OrderReview
        cart={reviewing}
        onBack={() => setReviewing(null)}
        onRefused={(reason) => {
          setRefused(reason);
          setReviewing(null);
        }}
      />
    );
  }
  return (
    <>
      <Notices error={refused} message={null} />
      <div className="table-wrap">
        <table className="table cart-table">
          <caption className="visually-hidden">Items in your cart</caption>
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col">Price</th>
              <th scope="col">Quantity</th>
              <th scope="col">Total</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {cart.items.map((line) => (
              <CartLineRow key={line.product_id} line={line} />
            ))}
          </tbody>
        </table>
      </div>
      <p className="cart-total">
        {cart.item_count} {cart.item_count === 1 ? "item" : "items"}, total{" "}
        <strong data-testid="cart-total">{formatMoney(cart.total, cart.currency)}</strong>
      </p>
      <Notices error={clear.error} message={null} />
      <div className="actions cart-actions">
        <button
          type="button"
          className="button secondary"
          disabled={clear.busy}
          onClick={() => void clear.run(async () => void setCart(await clearCart()))}
        >
          Clear cart
        </button>
        <Checkout
          disabled={clear.busy}
          blocked={cart.checkout_blocked}
          onReview={() => {
            setRefused(null);
            setReviewing(cart);
          }}
        />
      </div>
    </>
  );
}
