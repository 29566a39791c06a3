/** Start checkout: signed-out shoppers sign in first and come back; a cart that cannot be ordered says why. */

import { useState } from "react";
import { currentSession, loadSession } from "../api/session";
import { Notices, useAction } from "../site/forms";
import { signInUrl } from "../site/next";

export function Checkout({
  disabled = false,
  blocked,
  onReview,
}: {
  disabled?: boolean;
  /** Why the cart cannot be ordered now (from the server), or null. */
  blocked: string | null;
  onReview: () => void;
}) {
  const action = useAction();
  // Set once the page is leaving for sign-in: the button stays disabled meanwhile.
  const [leaving, setLeaving] = useState(false);

  const review = () =>
    void action.run(async () => {
      const session = currentSession() ?? (await loadSession());
      if (!session.user) {
        setLeaving(true);
        window.location.assign(signInUrl("/cart"));
        return;
      }
      onReview();
    });

  return (
    <div className="checkout">
      <Notices error={action.error} message={null} />
      {blocked ? (
        <p className="checkout-blocked" id="checkout-blocked" role="status" data-testid="checkout-blocked">
          {blocked}
        </p>
      ) : null}
      <button
        type="button"
        className="button"
        disabled={disabled || blocked !== null || action.busy || leaving}
        aria-describedby={blocked ? "checkout-blocked" : undefined}
        onClick={review}
      >
        Review order
      </button>
    </div>
  );
}
