/** The shared cart, loaded at first use and re-rendered whenever any answer replaces it. */

import { useEffect, useState, useSyncExternalStore } from "react";
import { errorText } from "../api/client";
import type { Cart } from "../api/types";
import { currentCart, loadCart, subscribeCart } from "./cartStore";

export function useCart(): { cart: Cart | null; error: string | null } {
  const cart = useSyncExternalStore(subscribeCart, currentCart, () => null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    loadCart().catch((caught: unknown) => setError(errorText(caught)));
  }, []);
  return { cart, error };
}
