/** The shared cart (query data), loaded at first use and re-rendered whenever any answer replaces it. */

import { useQuery } from "@tanstack/react-query";
import { useAppQueryClient } from "../api/queryClient";
import { errorText } from "../api/client";
import type { Cart } from "../api/types";
import { cartQuery } from "./cartStore";

export function useCart(): { cart: Cart | null; error: string | null } {
  const client = useAppQueryClient();
  const query = useQuery(cartQuery, client);
  return { cart: query.data ?? null, error: query.error ? errorText(query.error) : null };
}
