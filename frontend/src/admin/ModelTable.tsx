/** The ranking models table: one row a model, its validation metrics against BM25, and "Promote". */

import { useState, type FormEvent } from "react";
import { promoteModel } from "../api/admin";
import { ApiError } from "../api/client";
import type { RankingModelRead } from "../api/types";
import { Field, useAction } from "../site/forms";
import { formatSigned } from "../search/format";
import { formatDate } from "../site/format";
import { BM25_METRIC, formatMetric, GATE_METRIC, gainOverBm25, MRR_METRIC, RECALL_METRIC } from "./models";

export function ModelTable({ models, onPromoted }: { models: RankingModelRead[]; onPromoted: (model: RankingModelRead) => void }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">Ranking models, newest first</caption>
        <thead>
          <tr>
            <th scope="col">ID</th>
            <th scope="col">NDCG@10 vs BM25</th>
            <th scope="col">MRR</th>
            <th scope="col">Recall@10</th>
            <th scope="col">Trained</th>
            <th scope="col">Promoted</th>
            <th scope="col">Note</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {models.map((model) => (
            <ModelRow key={model.id} model={model} onPromoted={onPromoted} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ModelRow({ model, onPromoted }: { model: RankingModelRead; onPromoted: (model: RankingModelRead) => void }) {
  const gain = gainOverBm25(model);
  return (
    <tr>
      <td id={`model-${model.id}`}>
        {model.id} {model.active ? <span className="badge active">active</span> : null}
      </td>
      <td>
        {formatMetric(model.metrics[GATE_METRIC])} <span className="muted">vs {formatMetric(model.metrics[BM25_METRIC])}</span>
        {gain !== null ? <span className={`small-note state ${gain > 0 ? "ok" : "warn"}`}>{formatSigned(gain)} over BM25</span> : null}
      </td>
      <td>{formatMetric(model.metrics[MRR_METRIC])}</td>
      <td>{formatMetric(model.metrics[RECALL_METRIC])}</td>
      <td>
        {formatDate(model.created_at)}
        <span className="muted small-note">
          by {model.trained_by} · {model.features.length} {model.features.length === 1 ? "feature" : "features"}
        </span>
      </td>
      <td>
        {model.promoted_at ? (
          <>
            {formatDate(model.promoted_at)}
            {model.promoted_by ? <span className="muted small-note">by {model.promoted_by}</span> : null}
          </>
        ) : (
          "—"
        )}
      </td>
      <td className="outcome">{model.promotion_note ?? "—"}</td>
      <td className="outcome">{model.active ? null : <PromoteControl model={model} onPromoted={onPromoted} />}</td>
    </tr>
  );
}

/** "Promote"; when the gate refuses (409), its reason and "Promote anyway" with a required "Reason". */
function PromoteControl({ model, onPromoted }: { model: RankingModelRead; onPromoted: (model: RankingModelRead) => void }) {
  const action = useAction();
  const [refused, setRefused] = useState(false);
  const [reason, setReason] = useState("");
  const promote = (force: boolean) =>
    void action.run(async () => {
      let promoted: RankingModelRead;
      try {
        promoted = await promoteModel(model.id, force, force ? reason.trim() : null);
      } catch (caught) {
        if (!force && caught instanceof ApiError && caught.status === 409) setRefused(true);
        throw caught;
      }
      setRefused(false);
      onPromoted(promoted);
    });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim()) promote(true);
  };
  return (
    <>
      {refused ? null : (
        <button
          type="button"
          className="button secondary small"
          disabled={action.busy}
          aria-describedby={`model-${model.id}`}
          onClick={() => promote(false)}
        >
          Promote
        </button>
      )}
      {action.error ? (
        <span className="inline-error" role="alert">
          {action.error}
        </span>
      ) : null}
      {refused ? (
        <form className="override" onSubmit={submit}>
          <Field label="Reason" value={reason} onChange={setReason} maxLength={500} />
          <button type="submit" className="button danger small" disabled={action.busy || !reason.trim()}>
            Promote anyway
          </button>
          <button type="button" className="link" disabled={action.busy} onClick={() => setRefused(false)}>
            Cancel
          </button>
        </form>
      ) : null}
    </>
  );
}
