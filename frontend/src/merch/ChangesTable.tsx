/** What the draft moves for the previewed query: each product's published and draft position, and the movement. */

import type { Change } from "../api/merchTypes";
import { movementText } from "./summaries";

export function ChangesTable({ changes }: { changes: Change[] }) {
  return (
    <section className="section" aria-labelledby="changes-heading">
      <h2 id="changes-heading">Changes</h2>
      {changes.length === 0 ? (
        <p className="muted">The draft orders these results as the published version does.</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Product</th>
                <th scope="col">Published position</th>
                <th scope="col">Draft position</th>
                <th scope="col">Movement</th>
              </tr>
            </thead>
            <tbody>
              {changes.map((change) => (
                <tr key={change.product_id}>
                  <th scope="row">
                    {change.title} <span className="muted">#{change.product_id}</span>
                  </th>
                  <td>{change.published_position ?? "—"}</td>
                  <td>{change.draft_position ?? "—"}</td>
                  <td className={`movement ${change.movement}`}>{movementText(change)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
