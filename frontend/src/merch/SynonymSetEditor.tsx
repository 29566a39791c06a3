/** Edit one synonym set (or make a new one): name, flags, its Solr or CSV text, imported from a file if wished. */

import { useState, type FormEvent } from "react";
import { deleteSynonymSet, putSynonymSet } from "../api/merch";
import type { SynonymFormat, SynonymSet } from "../api/merchTypes";
import { Field, Notices, useAction } from "../site/forms";
import { Check, TextArea } from "./controls";
import { SynonymImport } from "./SynonymImport";

export function SynonymSetEditor({
  set,
  names,
  onNew,
  onSaved,
}: {
  /** The set to edit, null for a new one. */
  set: SynonymSet | null;
  /** The draft's set names, to warn before replacing one. */
  names: string[];
  onNew: () => void;
  onSaved: (set: SynonymSet) => void;
}) {
  const [original, setOriginal] = useState(set?.name ?? null);
  const [name, setName] = useState(set?.name ?? "");
  const [enabled, setEnabled] = useState(set?.enabled ?? true);
  const [corrections, setCorrections] = useState(set?.corrections ?? false);
  const [text, setText] = useState(set?.text ?? "");
  const [format, setFormat] = useState<SynonymFormat>("solr");
  const action = useAction();
  const trimmed = name.trim();
  const replaces = trimmed !== original && names.includes(trimmed);

  const save = (event: FormEvent) => {
    event.preventDefault();
    if (!trimmed) return action.fail("Give the set a name.");
    void action.run(async () => {
      const saved = await putSynonymSet(trimmed, { enabled, corrections, text, format });
      // Renaming: the new name is saved first, so a failure loses nothing.
      if (original !== null && original !== saved.name) await deleteSynonymSet(original);
      setOriginal(saved.name);
      setName(saved.name);
      setText(saved.text);
      setFormat("solr");
      onSaved(saved);
      return `Saved set “${saved.name}” (${saved.size} ${saved.size === 1 ? "entry" : "entries"}) to the draft.`;
    });
  };
  const imported = (fileName: string, content: string) => {
    setText(content);
    if (!trimmed) setName(fileName.replace(/\.[^.]*$/, ""));
  };

  return (
    <section className="section" aria-labelledby="set-editor-heading">
      <div className="section-head">
        <h2 id="set-editor-heading">{original === null ? "New synonym set" : `Edit “${original}”`}</h2>
        <button type="button" className="button secondary small" onClick={onNew}>
          New set
        </button>
      </div>
      <form className="form" onSubmit={save}>
        <Field
          label="Set name"
          value={name}
          onChange={setName}
          maxLength={100}
          hint={replaces ? "A set with this name exists; saving replaces it." : undefined}
        />
        <Check label="Enabled" checked={enabled} onChange={setEnabled} />
        <Check label="Corrections (typo fixes, ranked below exact and synonym matches)" checked={corrections} onChange={setCorrections} />
        <SynonymImport format={format} onFormat={setFormat} onRead={imported} />
        <TextArea label="Synonyms (one per line)" value={text} onChange={setText} rows={12} help={<SyntaxHelp format={format} />} />
        <Notices error={action.error} message={action.message} />
        <button type="submit" className="button" disabled={action.busy}>
          Save set
        </button>
      </form>
    </section>
  );
}

/** The Solr synonym syntax in three lines. */
function SyntaxHelp({ format }: { format: SynonymFormat }) {
  if (format === "csv") return <p>The text is read as CSV, as exported with “Export CSV”.</p>;
  return (
    <ul className="syntax">
      <li>
        <code>tv, television</code> = both ways: either word finds both.
      </li>
      <li>
        <code>laptop =&gt; notebook</code> = one way: “laptop” finds notebooks, not the other way round.
      </li>
      <li>
        Lines starting with <code>#</code> are comments.
      </li>
    </ul>
  );
}
