/** Merchandisers: one query's results with the published rules and synonyms beside the draft's, and what moved. */

import { useState } from "react";
import { previewQuery } from "../api/merch";
import type { Preview, PreviewRequest } from "../api/merchTypes";
import { Notices, useAction } from "../site/forms";
import { ChangesTable } from "./ChangesTable";
import { EvaluationSection } from "./EvaluationSection";
import { MerchPage } from "./MerchPage";
import { PreviewColumns } from "./PreviewColumns";
import { PreviewForm } from "./PreviewForm";
import { ndcgText } from "./summaries";

export function PreviewPage() {
  const [preview, setPreview] = useState<Preview | null>(null);
  const action = useAction();
  const run = (request: PreviewRequest) =>
    void action.run(async () => {
      setPreview(await previewQuery(request));
    });
  return (
    <MerchPage title="Preview" path="/merch/preview">
      {() => (
        <>
          <PreviewForm busy={action.busy} onPreview={run} />
          <Notices error={action.error} message={null} />
          <section className="section" aria-live="polite" aria-busy={action.busy}>
            {preview ? (
              <>
                {preview.ndcg ? <p className="ndcg">{ndcgText(preview.ndcg)}</p> : null}
                <PreviewColumns preview={preview} />
                <ChangesTable changes={preview.changes} />
              </>
            ) : null}
          </section>
          <EvaluationSection />
        </>
      )}
    </MerchPage>
  );
}
