/** The "From" and "To" date inputs of a report. */

import { useId } from "react";

export function RangeFields({ since, until, onChange }: {
  since: string;
  until: string;
  onChange: (range: { since: string; until: string }) => void;
}) {
  const id = useId();
  // The same field markup as the report's other controls, so labels and inputs line up.
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-from`}>From</label>
        <input id={`${id}-from`} type="date" value={since} max={until} onChange={(e) => onChange({ since: e.target.value, until })} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-to`}>To</label>
        <input id={`${id}-to`} type="date" value={until} min={since} onChange={(e) => onChange({ since, until: e.target.value })} />
      </div>
    </>
  );
}
