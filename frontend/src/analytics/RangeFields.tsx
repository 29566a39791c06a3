/** The "From" and "To" date inputs of a report. */

export function RangeFields({ since, until, onChange }: {
  since: string;
  until: string;
  onChange: (range: { since: string; until: string }) => void;
}) {
  return (
    <>
      <label>
        From
        <input type="date" value={since} max={until} onChange={(e) => onChange({ since: e.target.value, until })} />
      </label>
      <label>
        To
        <input type="date" value={until} min={since} onChange={(e) => onChange({ since, until: e.target.value })} />
      </label>
    </>
  );
}
