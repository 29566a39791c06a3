/** A labelled input with a line of help under it, tied to it by aria-describedby. */

import { useId, type ReactElement, type ReactNode } from "react";
import { cloneElement } from "react";
import "../site/console.css";

export function HelpField({ label, help, children }: { label: ReactNode; help: ReactNode; children: ReactElement<{ id?: string; "aria-describedby"?: string }> }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, { id, "aria-describedby": `${id}-help` })}
      <small id={`${id}-help`} className="hint">
        {help}
      </small>
    </div>
  );
}
