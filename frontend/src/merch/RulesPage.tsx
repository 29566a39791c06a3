/** Merchandisers: the draft's query rules, listed and edited. */

import { useState } from "react";
import type { Rule } from "../api/merchTypes";
import { MerchPage } from "./MerchPage";
import { RuleEditor } from "./RuleEditor";
import { RuleTable } from "./RuleTable";

export function RulesPage() {
  // The rule in the editor, null for a new one; `opened` remounts the editor on each choice.
  const [editing, setEditing] = useState<{ rule: Rule | null; opened: number }>({ rule: null, opened: 0 });
  const open = (rule: Rule | null) => setEditing((e) => ({ rule, opened: e.opened + 1 }));
  return (
    <MerchPage title="Query rules" path="/merch/rules">
      {({ draft, changed }) => (
        <>
          <p className="muted">
            A rule acts on the queries its condition matches: pins, hides, boosts or buries products, adds filters,
            redirects or shows a banner. Changes reach shoppers when the draft is published.
          </p>
          <section className="section" aria-labelledby="rules-heading" aria-busy={draft === null}>
            <h2 id="rules-heading">Rules</h2>
            {draft === null ? (
              <p className="muted">Loading the rules…</p>
            ) : (
              <RuleTable
                rules={draft.rules}
                onEdit={open}
                onDeleted={(id) => {
                  if (id === editing.rule?.id) open(null);
                  changed();
                }}
              />
            )}
          </section>
          <RuleEditor
            key={editing.opened}
            rule={editing.rule}
            onNew={() => open(null)}
            onSaved={(rule) => {
              setEditing((e) => ({ ...e, rule }));
              changed();
            }}
          />
        </>
      )}
    </MerchPage>
  );
}
