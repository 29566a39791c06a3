/** The product's attributes as a two-column table. */

import type { ProductDetail } from "../api/types";

/** "screen_size" → "Screen size"; keys that already read well are kept. */
export function attributeLabel(key: string): string {
  const spaced = key.replace(/_/g, " ").trim();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** Booleans read as Yes/No, everything else as text. */
export function attributeValue(value: string | number | boolean): string {
  if (typeof value === "boolean") return value ? "Yes" : "No";
  return String(value);
}

export function Specifications({ attributes }: { attributes: ProductDetail["attributes"] }) {
  const rows = Object.entries(attributes ?? {});
  if (rows.length === 0) return null;
  return (
    <div className="table-wrap specs">
      <table className="table">
        <caption>Specifications</caption>
        <tbody>
          {rows.map(([key, value]) => (
            <tr key={key}>
              <th scope="row">{attributeLabel(key)}</th>
              <td>{attributeValue(value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
