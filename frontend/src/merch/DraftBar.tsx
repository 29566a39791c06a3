/** Atop each console page: the draft's revision, whether it differs from what is live, Publish and Discard. */

import { useState, type FormEvent } from "react";
import { discardDraft, publishDraft } from "../api/merch";
import type { Draft } from "../api/merchTypes";
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
  const discard = () =>
    void action.run(async () => {
      onReplaced(await discardDraft());
      return "Draft discarded: it matches the published version again.";
    });
  const idle = draft === null || !draft.changed || action.busy;

  return (
    <section className="draft-bar" aria-label="Draft status">
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
        <button type="button" className="button secondary" disabled={idle} onClick={discard}>
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
