/** Place the order: signed-out shoppers sign in first and come back to the cart. */

import { useState } from "react";
import { ApiError } from "../api/client";
import { currentSession, loadSession } from "../api/session";
import { placeOrder } from "../api/shop";
import { Notices, useAction } from "../site/forms";
import { signInUrl } from "../site/next";
import { loadCart } from "./cartStore";

export function Checkout({ disabled = false }: { disabled?: boolean }) {
  const action = useAction();
  // Set once the order is placed: the button stays disabled while the orders page loads.
  const [leaving, setLeaving] = useState(false);

  const checkout = () =>
    void action.run(async () => {
      const session = currentSession() ?? (await loadSession());
      if (!session.user) {
        setLeaving(true);
        window.location.assign(signInUrl("/cart"));
        return;
      }
      try {
        const order = await placeOrder();
        setLeaving(true);
        await loadCart(true).catch(() => undefined); // the order emptied the cart
        window.location.assign(`/orders?placed=${order.id}`);
      } catch (error) {
        // Signed out meanwhile: the middleware is taking the browser to sign-in and back to the cart.
        if (error instanceof ApiError && error.redirecting) {
          setLeaving(true);
          return;
        }
        throw error;
      }
    });

  return (
    <div className="checkout">
      <Notices error={action.error} message={null} />
      <button type="button" className="button" disabled={disabled || action.busy || leaving} onClick={checkout}>
        Checkout
      </button>
    </div>
  );
}
