/** Import a synonym file: pick its format and the file; its text fills the editor, to be checked and saved. */

import { useId, useState, type ChangeEvent } from "react";
import type { SynonymFormat } from "../api/merchTypes";
import { Select } from "./controls";

const FORMATS: Record<SynonymFormat, string> = { solr: "Solr", csv: "CSV" };

export function SynonymImport({
  format,
  onFormat,
  onRead,
}: {
  format: SynonymFormat;
  onFormat: (format: SynonymFormat) => void;
  onRead: (fileName: string, text: string) => void;
}) {
  const id = useId();
  const [status, setStatus] = useState<string | null>(null);
  const read = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    try {
      onRead(file.name, await file.text());
      setStatus(`Read ${file.name}; check the synonyms, then save the set.`);
    } catch {
      setStatus(`Could not read ${file.name}.`);
    }
  };
  return (
    <fieldset className="import">
      <legend>Import</legend>
      <Select label="Format" value={format} options={FORMATS} onChange={onFormat} />
      <div className="field">
        <label htmlFor={id}>Import file</label>
        <input id={id} type="file" accept=".txt,.csv,text/plain,text/csv" onChange={(event) => void read(event)} />
      </div>
      <p className="hint" role="status">
        {status}
      </p>
    </fieldset>
  );
}
