/** The new-experiment form's state, and the request it becomes. */

import type { ExperimentCreate, Ranking } from "../api/analyticsTypes";

export interface ArmDraft {
  name: string;
  ranking: Ranking;
  /** Optional numbers as typed: empty means "the current one". */
  modelId: string;
  merchVersion: string;
  weight: string;
}

export interface ExperimentDraft {
  name: string;
  mode: "ab" | "interleave";
  traffic: string;
  alpha: string;
  /** Percent, e.g. "10" for a 10 % lift. */
  mde: string;
  /** Percent; empty means "plan from the store's last 30 days". */
  baseline: string;
  arms: ArmDraft[];
}

/** A new arm with the defaults. */
export function newArm(name: string, ranking: Ranking = "bm25"): ArmDraft {
  return { name, ranking, modelId: "", merchVersion: "", weight: "50" };
}

export const EMPTY_DRAFT: ExperimentDraft = {
  name: "",
  mode: "ab",
  traffic: "100",
  alpha: "0.05",
  mde: "10",
  baseline: "",
  arms: [newArm("A", "bm25"), newArm("B", "ltr_personal")],
};

/** The request body of a draft (the server checks the values and names what is wrong). */
export function toRequest(draft: ExperimentDraft): ExperimentCreate {
  return {
    name: draft.name.trim(),
    mode: draft.mode,
    traffic_percent: Number(draft.traffic),
    alpha: Number(draft.alpha),
    min_detectable_effect: Number(draft.mde) / 100,
    ...(draft.baseline.trim() ? { baseline_ctr: Number(draft.baseline) / 100 } : {}),
    arms: draft.arms.map((arm) => ({
      name: arm.name.trim(),
      ranking: arm.ranking,
      weight: Number(arm.weight),
      ...(arm.modelId.trim() ? { model_id: Number(arm.modelId) } : {}),
      ...(arm.merchVersion.trim() ? { merch_version: Number(arm.merchVersion) } : {}),
    })),
  };
}
