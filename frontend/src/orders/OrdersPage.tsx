/** The signed-in shopper's orders, newest first; `?placed=N` confirms the order just placed. */

import { useQuery } from "@tanstack/react-query";
import { ApiError, errorText } from "../api/client";
import { useAppQueryClient } from "../api/queryClient";
import { listOrders } from "../api/shop";
import type { Order } from "../api/types";
import { productUrl } from "../product/links";
import { formatMoney } from "../search/format";
import { formatDate } from "../site/format";
import { Notices } from "../site/forms";
import { PageShell } from "../site/PageShell";

export function OrdersPage({ placed }: { placed: string | null }) {
  const client = useAppQueryClient();
  const query = useQuery({ queryKey: ["orders"], queryFn: listOrders }, client);
  const orders = query.data ?? null;
  // A 401 is the middleware's: it is taking the browser to sign-in and back here.
  const error = query.error && !(query.error instanceof ApiError && query.error.redirecting) ? errorText(query.error) : null;

  const placedId = placed && /^\d+$/.test(placed) ? placed : null;
  return (
    <PageShell title="Your orders" wide>
      <Notices error={error} message={placedId ? `Order ${placedId} placed` : null} />
      {orders === null ? (
        error ? null : <p aria-busy="true">Loading your orders…</p>
      ) : orders.length === 0 ? (
        <p className="muted">
          No orders yet. <a href="/">Start shopping</a>
        </p>
      ) : (
        orders.map((order) => <OrderCard key={order.id} order={order} highlight={String(order.id) === placedId} />)
      )}
    </PageShell>
  );
}

/** One order: when, its status, what was bought and the total. */
function OrderCard({ order, highlight }: { order: Order; highlight: boolean }) {
  const headingId = `order-${order.id}`;
  return (
    <section className={highlight ? "order placed" : "order"} aria-labelledby={headingId} data-testid="order">
      <h2 id={headingId}>
        Order {order.id} <span className={`badge ${order.status}`}>{order.status}</span>
      </h2>
      <p className="mail-meta">Placed {formatDate(order.created_at)}</p>
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">Items of order {order.id}</caption>
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col">Price</th>
              <th scope="col">Quantity</th>
              <th scope="col">Total</th>
            </tr>
          </thead>
          <tbody>
            {order.items.map((item) => (
              <tr key={item.product_id}>
                <td>
                  <a href={productUrl(item.product_id)}>{item.title}</a>
                </td>
                <td>{formatMoney(item.price, order.currency)}</td>
                <td>{item.quantity}</td>
                <td className="money">{formatMoney(item.line_total, order.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="cart-total">
        Total <strong>{formatMoney(order.total, order.currency)}</strong>
      </p>
    </section>
  );
}
