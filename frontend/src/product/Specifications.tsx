/** The product's specifications as the server presents them: key facts first, the rest grouped behind a toggle. */

import type { Spec, SpecSheet } from "../api/types";

/** The 6–8 facts that matter for this type of product, as a short definition list. */
export function KeySpecs({ specs }: { specs: Spec[] }) {
  if (specs.length === 0) return null;
  return (
    <section className="key-specs" aria-labelledby="key-specs-heading">
      <h2 id="key-specs-heading">Key specifications</h2>
      <dl>
        {specs.map((spec) => (
          <div key={spec.key} className="spec-row">
            <dt>{spec.label}</dt>
            <dd>{spec.value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** Every specification, by group, folded until the shopper asks for it. */
export function AllSpecifications({ sheet }: { sheet: SpecSheet }) {
  const count = sheet.groups.reduce((sum, group) => sum + group.specs.length, 0);
  if (count === 0) return null;
  return (
    <details className="all-specs" data-testid="all-specs">
      <summary>Show all specifications ({count})</summary>
      {sheet.groups.map((group) => (
        <div className="table-wrap specs" key={group.name}>
          <table className="table">
            <caption>{group.name}</caption>
            <tbody>
              {group.specs.map((spec) => (
                <tr key={spec.key}>
                  <th scope="row">{spec.label}</th>
                  <td>{spec.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </details>
  );
}
