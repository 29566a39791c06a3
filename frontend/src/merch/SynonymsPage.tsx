/** Merchandisers: the draft's synonym sets, listed, edited, imported and exported. */

import { useState } from "react";
import type { SynonymSet } from "../api/merchTypes";
import { MerchPage } from "./MerchPage";
import { SynonymSetEditor } from "./SynonymSetEditor";
import { SynonymSetTable } from "./SynonymSetTable";

export function SynonymsPage() {
  // The set in the editor (by name), null for a new one; `opened` remounts the editor on each choice.
  const [editing, setEditing] = useState<{ set: SynonymSet | null; opened: number }>({ set: null, opened: 0 });
  const open = (set: SynonymSet | null) => setEditing((e) => ({ set, opened: e.opened + 1 }));
  return (
    <MerchPage title="Synonyms" path="/merch/synonyms">
      {({ draft, changed }) => (
        <>
          <p className="muted">
            Synonyms widen what a query finds; corrections fix typos and rank below exact and synonym matches. Changes
            reach shoppers when the draft is published.
          </p>
          <section className="section" aria-labelledby="sets-heading" aria-busy={draft === null}>
            <h2 id="sets-heading">Synonym sets</h2>
            {draft === null ? (
              <p className="muted">Loading the synonym sets…</p>
            ) : (
              <SynonymSetTable
                sets={draft.synonym_sets}
                onEdit={open}
                onChanged={(deleted) => {
                  if (deleted !== null && deleted === editing.set?.name) open(null);
                  changed();
                }}
              />
            )}
          </section>
          <SynonymSetEditor
            key={editing.opened}
            set={editing.set}
            names={draft?.synonym_sets.map((s) => s.name) ?? []}
            onNew={() => open(null)}
            onSaved={(set) => {
              setEditing((e) => ({ ...e, set }));
              changed();
            }}
          />
        </>
      )}
    </MerchPage>
  );
}
