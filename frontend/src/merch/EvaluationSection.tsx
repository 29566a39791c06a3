/** NDCG@10 of the published version and the draft over every judged query, with each query's scores. */

import { useState } from "react";
import { evaluateDraft } from "../api/merch";
import type { Evaluation } from "../api/merchTypes";
import { formatSigned } from "../search/format";
import { Notices, useAction } from "../site/forms";
import { evaluationText, formatNdcg } from "./summaries";

export function EvaluationSection() {
  const [evaluation, setEvaluation] = useState<Evaluation | null>(null);
  const action = useAction();
  const evaluate = () =>
    void action.run(async () => {
      setEvaluation(await evaluateDraft());
    });
  return (
    <section className="section" aria-labelledby="evaluation-heading">
      <h2 id="evaluation-heading">Judged queries</h2>
      <p className="muted">Compare the published version and the draft on every query with relevance judgments.</p>
      <div className="actions">
        <button type="button" className="button secondary" disabled={action.busy} onClick={evaluate}>
          Evaluate all judged queries
        </button>
      </div>
      <Notices error={action.error} message={null} />
      <div aria-live="polite" aria-busy={action.busy}>
        {evaluation ? (
          <>
            <p className="notice" role="status">
              {evaluationText(evaluation)}
            </p>
            {evaluation.per_query.length ? (
              <div className="table-wrap">
                <table className="table">
                  <caption className="visually-hidden">NDCG@10 per judged query</caption>
                  <thead>
                    <tr>
                      <th scope="col">Query</th>
                      <th scope="col">Published NDCG@10</th>
                      <th scope="col">Draft NDCG@10</th>
                      <th scope="col">Difference</th>
                    </tr>
                  </thead>
                  <tbody>
                    {evaluation.per_query.map((row) => (
                      <tr key={row.query}>
                        <th scope="row">{row.query}</th>
                        <td>{formatNdcg(row.published)}</td>
                        <td>{formatNdcg(row.draft)}</td>
                        <td className={`movement ${row.draft > row.published ? "up" : row.draft < row.published ? "down" : "same"}`}>
                          {formatSigned(row.draft - row.published)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
          </>
        ) : null}
      </div>
    </section>
  );
}

