/** Small building blocks shared by the account and admin forms. */

import { useCallback, useId, useState, type HTMLInputTypeAttribute } from "react";
import { errorText } from "../api/client";

/** A labelled input; the label text is the field's accessible name. */
export function Field({
  label,
  value,
  onChange,
  type = "text",
  autoComplete,
  required = true,
  hint,
  ...rest
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  type?: HTMLInputTypeAttribute;
  autoComplete?: string;
  required?: boolean;
  hint?: string;
  min?: number;
  max?: number;
  step?: number | "any";
  maxLength?: number;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        value={value}
        required={required}
        autoComplete={autoComplete}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(event) => onChange(event.target.value)}
        {...rest}
      />
      {hint ? (
        <small id={`${id}-hint`} className="hint">
          {hint}
        </small>
      ) : null}
    </div>
  );
}

/** The outcome of a form: an error as an alert, a success as a status. */
export function Notices({ error, message }: { error: string | null; message: string | null }) {
  return (
    <>
      {error ? (
        <p className="notice error" role="alert">
          {error}
        </p>
      ) : null}
      {message ? (
        <p className="notice" role="status">
          {message}
        </p>
      ) : null}
    </>
  );
}

export interface Action {
  busy: boolean;
  error: string | null;
  message: string | null;
  /** Run `task`; its string result becomes the success message, a rejection the error. Resolves to success. */
  run: (task: () => Promise<string | null | void>) => Promise<boolean>;
  fail: (error: string) => void;
}

/** Track one form's request: in flight, failed, or done with a message. */
export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const run = useCallback(async (task: () => Promise<string | null | void>) => {
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      const result = await task();
      if (result) setMessage(result);
      return true;
    } catch (caught) {
      setError(errorText(caught));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  const fail = useCallback((text: string) => {
    setMessage(null);
    setError(text);
  }, []);
  return { busy, error, message, run, fail };
}
