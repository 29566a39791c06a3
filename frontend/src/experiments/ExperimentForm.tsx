/** The new-experiment form; on success it opens the experiment. */

import { useId, useState, type FormEvent } from "react";
import { createExperiment } from "../api/analytics";
import { errorText } from "../api/client";
import { Notices } from "../site/forms";
import { ArmFields } from "./ArmFields";
import { EMPTY_DRAFT, newArm, toRequest, type ExperimentDraft } from "./armForm";

export function ExperimentForm() {
  const [draft, setDraft] = useState<ExperimentDraft>(EMPTY_DRAFT);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const set = (change: Partial<ExperimentDraft>) => setDraft((d) => ({ ...d, ...change }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    createExperiment(toRequest(draft))
      .then((created) => window.location.assign(`/experiments/view?id=${created.id}`))
      .catch((e: unknown) => {
        setError(errorText(e));
        setBusy(false);
      });
  };
  return (
    <form onSubmit={submit} className="experiment-form">
      <h2>New experiment</h2>
      <label>
        Name
        <input value={draft.name} required maxLength={120} onChange={(e) => set({ name: e.target.value })} />
      </label>
      <div className="field">
        <label htmlFor={`${id}-mode`}>Mode</label>
        <select id={`${id}-mode`} value={draft.mode} onChange={(e) => set({ mode: e.target.value as ExperimentDraft["mode"] })}>
          <option value="ab">A/B test</option>
          <option value="interleave">Interleaving</option>
        </select>
      </div>
      <label>
        Traffic (%)
        <input type="number" min={1} max={100} value={draft.traffic} onChange={(e) => set({ traffic: e.target.value })} />
      </label>
      <label>
        Significance level
        <input type="number" step="0.001" min={0.001} max={0.2} value={draft.alpha} onChange={(e) => set({ alpha: e.target.value })} />
      </label>
      <label>
        {draft.mode === "interleave" ? "Preference margin (%): a share of wins of 50 % + it to detect" : "Minimum detectable effect (%)"}
        <input type="number" step="0.1" min={1} value={draft.mde} onChange={(e) => set({ mde: e.target.value })} />
      </label>
      <label>
        Assumed baseline CTR (%), only if the store has no recent searches
        <input type="number" step="0.1" min={0.1} max={99.9} value={draft.baseline} onChange={(e) => set({ baseline: e.target.value })} />
      </label>
      {draft.arms.map((arm, i) => (
        <ArmFields
          key={i}
          index={i}
          arm={arm}
          onChange={(next) => set({ arms: draft.arms.map((a, j) => (j === i ? next : a)) })}
          onRemove={draft.arms.length > 2 ? () => set({ arms: draft.arms.filter((_, j) => j !== i) }) : null}
        />
      ))}
      <button type="button" className="button secondary" onClick={() => set({ arms: [...draft.arms, newArm(String.fromCharCode(65 + draft.arms.length))] })}>
        Add arm
      </button>
      <Notices error={error} message={null} />
      <button type="submit" className="button" disabled={busy}>
        Create experiment
      </button>
    </form>
  );
}
