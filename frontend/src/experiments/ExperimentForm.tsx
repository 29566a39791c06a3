/** The new-experiment form; on success it opens the experiment. */

import { useState, type FormEvent } from "react";
import { createExperiment } from "../api/analytics";
import { errorText } from "../api/client";
import { Notices } from "../site/forms";
import { ArmFields } from "./ArmFields";
import { HelpField } from "./HelpField";
import { EMPTY_DRAFT, newArm, toRequest, type ExperimentDraft } from "./armForm";

export function ExperimentForm() {
  const [draft, setDraft] = useState<ExperimentDraft>(EMPTY_DRAFT);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
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
      <p className="muted">Each search of a shopper in the experiment is served by one arm; the results page compares them.</p>
      <fieldset>
        <legend>Experiment</legend>
        <HelpField label="Name" help="What you test, so colleagues recognise it (up to 120 characters).">
          <input value={draft.name} required maxLength={120} onChange={(e) => set({ name: e.target.value })} />
        </HelpField>
        <HelpField
          label="Mode"
          help="A/B test: each shopper sees one arm, compared on CTR, conversion and revenue. Interleaving: two arms mixed in one list, the arm whose results get the clicks wins; it needs far fewer searches."
        >
          <select value={draft.mode} onChange={(e) => set({ mode: e.target.value as ExperimentDraft["mode"] })}>
            <option value="ab">A/B test</option>
            <option value="interleave">Interleaving</option>
          </select>
        </HelpField>
        <HelpField label="Traffic (%)" help="The share of shoppers in the experiment (1–100); the rest see the normal search.">
          <input type="number" min={1} max={100} value={draft.traffic} onChange={(e) => set({ traffic: e.target.value })} />
        </HelpField>
      </fieldset>
      <fieldset>
        <legend>When to call a winner</legend>
        <HelpField
          label="Significance level"
          help="The chance of declaring a difference that is not there (0.05 is usual; smaller is stricter and needs more searches)."
        >
          <input type="number" step="0.001" min={0.001} max={0.2} value={draft.alpha} onChange={(e) => set({ alpha: e.target.value })} />
        </HelpField>
        <HelpField
          label={draft.mode === "interleave" ? "Preference margin (%)" : "Minimum detectable effect (%)"}
          help={
            draft.mode === "interleave"
              ? "How far past a 50 % share of wins an arm must be to count (e.g. 5 detects 55 %)."
              : "The smallest relative lift worth finding (e.g. 5 = CTR 10 % → 10.5 %); smaller effects need more searches."
          }
        >
          <input type="number" step="0.1" min={1} value={draft.mde} onChange={(e) => set({ mde: e.target.value })} />
        </HelpField>
        <HelpField
          label="Assumed baseline CTR (%)"
          help="Used to plan the sample size only when the store has no recent searches to measure it from."
        >
          <input type="number" step="0.1" min={0.1} max={99.9} value={draft.baseline} onChange={(e) => set({ baseline: e.target.value })} />
        </HelpField>
      </fieldset>
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
