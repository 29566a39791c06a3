/** The rule's boosts: rows of field (brand, type or an attribute), value and weight; negative weights bury. */

import type { BoostField } from "../api/merchTypes";
import { Field } from "../site/forms";
import { Select } from "./controls";
import { newBoostRow, type BoostRow } from "./ruleForm";

const FIELDS: Record<BoostField, string> = { brand: "Brand", product_type: "Product type", attribute: "Attribute" };

export function BoostRows({ rows, onChange }: { rows: BoostRow[]; onChange: (rows: BoostRow[]) => void }) {
  const edit = (key: number, part: Partial<BoostRow>) => onChange(rows.map((row) => (row.key === key ? { ...row, ...part } : row)));
  return (
    <fieldset className="group">
      <legend>Boost or bury</legend>
      <p className="hint">
        Weight from -10 to 10: positive lifts matching products, negative buries them.
      </p>
      {rows.map((row, index) => (
        <div key={row.key} className="form-row boost-row" role="group" aria-label={`Boost ${index + 1}`}>
          <Select<BoostField> label="Field" value={row.field} options={FIELDS} onChange={(field) => edit(row.key, { field })} />
          {row.field === "attribute" ? (
            <Field label="Attribute name" value={row.name} onChange={(name) => edit(row.key, { name })} maxLength={100} />
          ) : null}
          <Field label="Value" value={row.value} onChange={(value) => edit(row.key, { value })} maxLength={200} />
          <Field label="Weight" type="number" value={row.weight} onChange={(weight) => edit(row.key, { weight })} min={-10} max={10} step="any" />
          <button type="button" className="button secondary small" onClick={() => onChange(rows.filter((r) => r.key !== row.key))}>
            Remove boost
          </button>
        </div>
      ))}
      <button type="button" className="button secondary small" onClick={() => onChange([...rows, newBoostRow()])}>
        Add boost
      </button>
    </fieldset>
  );
}
