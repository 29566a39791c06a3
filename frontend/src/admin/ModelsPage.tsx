/** Admin: the learning-to-rank models, their validation metrics against BM25, promotion, rollback and training. */

import { useState } from "react";
import { listModels } from "../api/admin";
import type { RankingModelRead } from "../api/types";
import { Notices } from "../site/forms";
import { PageShell } from "../site/PageShell";
import { ModelActions } from "./ModelActions";
import { ModelTable } from "./ModelTable";
import { ADMIN_ONLY } from "./useAdminData";
import { usePolledAdminData } from "./usePolledAdminData";

export function ModelsPage() {
  const { data, error, loading, reload } = usePolledAdminData("models", listModels, "/admin/models", () => null);
  const [message, setMessage] = useState<string | null>(null);
  const promoted = (model: RankingModelRead) => {
    setMessage(`Model ${model.id} is active now.`);
    reload();
  };
  const changed = () => {
    setMessage(null);
    reload();
  };
  if (error === ADMIN_ONLY) {
    return (
      <PageShell title="Ranking models" wide>
        <Notices error={error} message={null} />
      </PageShell>
    );
  }
  return (
    <PageShell title="Ranking models" wide>
      <p className="muted">
        Each model is measured on held-out validation queries; it is promoted only when its NDCG@10 beats the active
        model&rsquo;s, unless forced with a reason.
      </p>
      <ModelActions onChanged={changed} />
      <Notices error={error} message={message} />
      <section aria-live="polite" aria-busy={loading}>
        {data === null ? (
          error ? null : <p aria-busy="true">Loading the ranking models…</p>
        ) : data.length > 0 ? (
          <ModelTable models={data} onPromoted={promoted} />
        ) : (
          <p className="muted">No ranking models yet; search ranks by BM25. Train one to start.</p>
        )}
      </section>
    </PageShell>
  );
}
