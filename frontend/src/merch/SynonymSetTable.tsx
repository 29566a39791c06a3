/** The draft's synonym sets: enabled (toggled in place), entries, corrections, Edit, Delete and export links. */

import { deleteSynonymSet, putSynonymSet, synonymExportUrl } from "../api/merch";
import type { SynonymSet } from "../api/merchTypes";
import { useConfirm } from "../site/ConfirmDialog";
import { Notices, useAction } from "../site/forms";
import { ConsoleTable } from "./ConsoleTable";

export function SynonymSetTable({
  sets,
  onEdit,
  onChanged,
}: {
  sets: SynonymSet[];
  onEdit: (set: SynonymSet) => void;
  /** A set was toggled (null) or deleted (its name). */
  onChanged: (deleted: string | null) => void;
}) {
  const action = useAction();
  const { confirm, dialog } = useConfirm();
  const toggle = (set: SynonymSet, enabled: boolean) =>
    void action.run(async () => {
      await putSynonymSet(set.name, { enabled, corrections: set.corrections, text: set.text, format: "solr" });
      onChanged(null);
      return `Set “${set.name}” is ${enabled ? "enabled" : "disabled"} in the draft.`;
    });
  const remove = async (set: SynonymSet) => {
    const sure = await confirm({
      title: `Delete the set “${set.name}”?`,
      body: (
        <p>
          Its {set.size} {set.size === 1 ? "entry leaves" : "entries leave"} the draft. Search keeps the published version
          until someone publishes; a discard or a restore brings the set back.
        </p>
      ),
      confirmLabel: "Delete set",
      tone: "danger",
    });
    if (!sure) return;
    void action.run(async () => {
      await deleteSynonymSet(set.name);
      onChanged(set.name);
      return `Set “${set.name}” deleted from the draft.`;
    });
  };

  return (
    <>
      {dialog}
      <Notices error={action.error} message={action.message} />
      {sets.length === 0 ? (
        <p className="muted">No synonym sets yet; make one below.</p>
      ) : (
        <ConsoleTable caption="Synonym sets of the draft" columns={["Name", "Enabled", "Entries", "Corrections", "Export"]}>
              {sets.map((set, index) => {
                const nameId = `synonym-set-${index}`;
                return (
                  <tr key={set.name}>
                    <th scope="row" id={nameId}>
                      {set.name}
                    </th>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`Use set ${set.name}`}
                        checked={set.enabled}
                        disabled={action.busy}
                        onChange={(event) => toggle(set, event.target.checked)}
                      />
                    </td>
                    <td>{set.size}</td>
                    <td>{set.corrections ? <span className="badge">corrections</span> : "—"}</td>
                    <td className="row-actions">
                      <a href={synonymExportUrl(set.name, "solr")} download={`${set.name}.txt`} aria-describedby={nameId}>
                        Export Solr
                      </a>
                      <a href={synonymExportUrl(set.name, "csv")} download={`${set.name}.csv`} aria-describedby={nameId}>
                        Export CSV
                      </a>
                    </td>
                    <td className="row-actions">
                      <button type="button" className="button secondary small" aria-describedby={nameId} onClick={() => onEdit(set)}>
                        Edit
                      </button>
                      <button
                        type="button"
                        className="button danger small"
                        aria-describedby={nameId}
                        disabled={action.busy}
                        onClick={() => void remove(set)}
                      >
                        Delete set
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
