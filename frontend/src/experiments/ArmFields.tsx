/** One arm of the new-experiment form. */

import type { Ranking } from "../api/analyticsTypes";
import type { ArmDraft } from "./armForm";
import { HelpField } from "./HelpField";

export function ArmFields({ index, arm, onChange, onRemove }: {
  index: number;
  arm: ArmDraft;
  onChange: (arm: ArmDraft) => void;
  onRemove: (() => void) | null;
}) {
  const field = (key: keyof ArmDraft) => (value: string) => onChange({ ...arm, [key]: value });
  return (
    <fieldset className="arm-fields">
      <legend>Arm {index + 1}</legend>
      <HelpField label="Arm name" help="A short label for the results (“control”, “new model”).">
        <input value={arm.name} required maxLength={40} onChange={(e) => field("name")(e.target.value)} />
      </HelpField>
      <HelpField label="Ranking" help="BM25: text relevance only. LTR: the learned model reorders the top results. Personalization: LTR plus the shopper's history.">
        <select value={arm.ranking} onChange={(e) => onChange({ ...arm, ranking: e.target.value as Ranking })}>
          <option value="bm25">BM25 only</option>
          <option value="ltr">LTR</option>
          <option value="ltr_personal">LTR + personalization</option>
        </select>
      </HelpField>
      <HelpField label="Model version" help="A model id from Admin → Models; empty uses whichever model is active.">
        <input type="number" min={1} value={arm.modelId} placeholder="active" onChange={(e) => field("modelId")(e.target.value)} />
      </HelpField>
      <HelpField label="Merch version" help="A published merchandising version; empty uses the current one.">
        <input type="number" min={1} value={arm.merchVersion} placeholder="published" onChange={(e) => field("merchVersion")(e.target.value)} />
      </HelpField>
      <HelpField label="Weight" help="How much of the experiment's traffic this arm gets, relative to the other arms (equal weights split evenly).">
        <input type="number" min={1} max={100} value={arm.weight} onChange={(e) => field("weight")(e.target.value)} />
      </HelpField>
      {onRemove ? (
        <button type="button" className="button secondary small" onClick={onRemove}>
          Remove arm
        </button>
      ) : null}
    </fieldset>
  );
}
