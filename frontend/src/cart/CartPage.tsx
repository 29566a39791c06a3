/** The cart: its lines, the total, clearing it, and checkout. */

import { clearCart } from "../api/shop";
import type { Cart } from "../api/types";
import { formatMoney } from "../search/format";
import { Notices, useAction } from "../site/forms";
import { PageShell } from "../site/PageShell";
import { setCart } from "./cartStore";
import { CartLineRow } from "./CartLineRow";
import { Checkout } from "./Checkout";
import { useCart } from "./useCart";

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
  return (
    <>
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
        <Checkout disabled={clear.busy} />
      </div>
    </>
  );
}
