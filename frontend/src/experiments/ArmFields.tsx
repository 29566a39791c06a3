/** One arm of the new-experiment form. */

import { useId } from "react";
import type { Ranking } from "../api/analyticsTypes";
import type { ArmDraft } from "./armForm";

export function ArmFields({ index, arm, onChange, onRemove }: {
  index: number;
  arm: ArmDraft;
  onChange: (arm: ArmDraft) => void;
  onRemove: (() => void) | null;
}) {
  const id = useId();
  const field = (key: keyof ArmDraft) => (value: string) => onChange({ ...arm, [key]: value });
  return (
    <fieldset className="arm-fields">
      <legend>Arm {index + 1}</legend>
      <label>
        Arm name
        <input value={arm.name} required maxLength={40} onChange={(e) => field("name")(e.target.value)} />
      </label>
      <div className="field">
        <label htmlFor={`${id}-ranking`}>Ranking</label>
        <select id={`${id}-ranking`} value={arm.ranking} onChange={(e) => onChange({ ...arm, ranking: e.target.value as Ranking })}>
          <option value="bm25">BM25 only</option>
          <option value="ltr">LTR</option>
          <option value="ltr_personal">LTR + personalization</option>
        </select>
      </div>
      <label>
        Model version
        <input type="number" min={1} value={arm.modelId} placeholder="active" onChange={(e) => field("modelId")(e.target.value)} />
      </label>
      <label>
        Merch version
        <input type="number" min={1} value={arm.merchVersion} placeholder="published" onChange={(e) => field("merchVersion")(e.target.value)} />
      </label>
      <label>
        Weight
        <input type="number" min={1} max={100} value={arm.weight} onChange={(e) => field("weight")(e.target.value)} />
      </label>
      {onRemove ? (
        <button type="button" className="button secondary small" onClick={onRemove}>
          Remove arm
        </button>
      ) : null}
    </fieldset>
  );
}
