/** The draft's query rules: condition, time window, what each does, enabled; Edit and Delete. */

import { deleteRule } from "../api/merch";
import type { Rule } from "../api/merchTypes";
import { Notices, useAction } from "../site/forms";
import { conditionSummary, consequenceSummary, windowSummary } from "./summaries";
import { ConsoleTable } from "./ConsoleTable";

export function RuleTable({ rules, onEdit, onDeleted }: { rules: Rule[]; onEdit: (rule: Rule) => void; onDeleted: (id: string) => void }) {
  const action = useAction();
  const remove = (rule: Rule) =>
    void action.run(async () => {
      await deleteRule(rule.id);
      onDeleted(rule.id);
      return `Rule “${rule.name}” deleted from the draft.`;
    });
  return (
    <>
      <Notices error={action.error} message={action.message} />
      {rules.length === 0 ? (
        <p className="muted">No query rules yet; make one below.</p>
      ) : (
        <ConsoleTable caption="Query rules of the draft" columns={["Name", "Condition", "Window", "Does", "Enabled"]}>
              {rules.map((rule, index) => {
                const nameId = `rule-${index}`;
                return (
                  <tr key={rule.id}>
                    <th scope="row" id={nameId}>
                      {rule.name}
                      {rule.priority ? <span className="muted small-note">priority {rule.priority}</span> : null}
                    </th>
                    <td>
                      <code>{conditionSummary(rule.condition)}</code>
                    </td>
                    <td>{windowSummary(rule.starts_at, rule.ends_at)}</td>
                    <td className="outcome">{consequenceSummary(rule.consequence)}</td>
                    <td>{rule.enabled ? <span className="badge active">enabled</span> : <span className="badge">off</span>}</td>
                    <td className="row-actions">
                      <button type="button" className="button secondary small" aria-describedby={nameId} onClick={() => onEdit(rule)}>
                        Edit
                      </button>
                      <button
                        type="button"
                        className="button danger small"
                        aria-describedby={nameId}
                        disabled={action.busy}
                        onClick={() => remove(rule)}
                      >
                        Delete
                      </button>
                    </td>
                  </tr>
                );
              })}
            </ConsoleTable>
      )}
    </>
  );
}
