/** Atop each console page: the draft's revision, whether it differs from what is live, Publish and Discard. */

import { useState, type FormEvent } from "react";
import { discardDraft, publishDraft } from "../api/merch";
import type { Draft, DraftChange } from "../api/merchTypes";
import { useConfirm } from "../site/ConfirmDialog";
import { formatDate } from "../site/format";
import { Field, Notices, useAction } from "../site/forms";

export function DraftBar({
  draft,
  loadError,
  onReplaced,
}: {
  draft: Draft | null;
  loadError: string | null;
  /** Publish or discard changed the draft: the new one, or null to load it again. */
  onReplaced: (draft: Draft | null) => void;
}) {
  const action = useAction();
  const [note, setNote] = useState("");
  const publish = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      const version = await publishDraft(note.trim() || null);
      setNote("");
      onReplaced(null);
      return `Published version ${version.version}.`;
    });
  };
  const { confirm, dialog } = useConfirm();
  const discard = async () => {
    const changes = draft?.changes ?? [];
    const sure = await confirm({
      title: "Discard the draft for everyone?",
      body: <PendingChanges changes={changes} />,
      confirmLabel: `Discard ${changes.length === 1 ? "1 change" : `${changes.length} changes`}`,
      tone: "danger",
    });
    if (!sure) return;
    void action.run(async () => {
      onReplaced(await discardDraft());
      return "Draft discarded: it matches the published version again.";
    });
  };
  const idle = draft === null || !draft.changed || action.busy;

  return (
    <section className="draft-bar" aria-label="Draft status">
      {dialog}
      <p className="draft-state" aria-live="polite">
        {draft === null ? (
          loadError ? null : "Loading the draft…"
        ) : (
          <>
            <strong>Draft revision {draft.revision}</strong>
            {" · "}
            <DraftState draft={draft} />
            {draft.updated_at ? (
              <span className="muted small-note">
                Last edited {formatDate(draft.updated_at)}
                {draft.updated_by ? ` by ${draft.updated_by}` : ""}
              </span>
            ) : null}
          </>
        )}
      </p>
      <form className="draft-publish" onSubmit={publish}>
        <Field label="Publish note" value={note} onChange={setNote} required={false} maxLength={500} />
        <button type="submit" className="button" disabled={idle}>
          Publish
        </button>
        <button type="button" className="button secondary" disabled={idle} onClick={() => void discard()}>
          Discard draft
        </button>
      </form>
      {/* "Published…" and "Discarded…" hold only until the draft changes again. */}
      <Notices error={action.error ?? loadError} message={draft?.changed ? null : action.message} />
    </section>
  );
}

function DraftState({ draft }: { draft: Draft }) {
  if (draft.changed) return <span className="state warn">Unpublished changes</span>;
  if (draft.published_version === null) return <span className="muted">Nothing published yet</span>;
  return <span className="state ok">Draft matches published version {draft.published_version}</span>;
}

const ACTION_WORDS: Record<DraftChange["action"], string> = { added: "added", changed: "changed", removed: "removed" };
const KIND_WORDS: Record<DraftChange["kind"], string> = { synonym_set: "synonym set", rule: "rule" };

/** Who changed what, so nobody throws away a colleague's work unawares. */
export function PendingChanges({ changes }: { changes: DraftChange[] }) {
  const byAuthor = new Map<string, DraftChange[]>();
  for (const change of changes) {
    const who = change.by ?? "someone (not recorded)";
    byAuthor.set(who, [...(byAuthor.get(who) ?? []), change]);
  }
  return (
    <>
      <p>
        The draft is shared: discarding throws away every unpublished change below, whoever made it, and cannot be
        undone.
      </p>
      <ul className="draft-authors" aria-label="Unpublished changes by merchandiser">
        {[...byAuthor].map(([who, theirs]) => (
          <li key={who}>
            <strong>{who}</strong> ({theirs.length === 1 ? "1 change" : `${theirs.length} changes`})
            <ul>
              {theirs.map((change) => (
                <li key={change.key}>
                  {ACTION_WORDS[change.action]} {KIND_WORDS[change.kind]} “{change.label}”
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </>
  );
}
