/** A modal "are you sure?" built on <dialog>: focus starts on Cancel, Escape cancels, the page behind is inert. */

import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from "react";
import "./console.css";

export interface ConfirmRequest {
  title: string;
  /** What will happen, in a sentence or a list the person can check before agreeing. */
  body?: ReactNode;
  confirmLabel: string;
  /** "danger" for what cannot be undone (discard, delete, disable). */
  tone?: "danger" | "normal";
}

export interface Confirmer {
  /** Ask; resolves true on the confirm button, false on Cancel or Escape. */
  confirm: (request: ConfirmRequest) => Promise<boolean>;
  /** Render this where the component renders (null while nothing is asked). */
  dialog: ReactNode;
}

export function useConfirm(): Confirmer {
  const [pending, setPending] = useState<{ request: ConfirmRequest; resolve: (ok: boolean) => void } | null>(null);
  const confirm = useCallback(
    (request: ConfirmRequest) => new Promise<boolean>((resolve) => setPending({ request, resolve })),
    [],
  );
  const close = (ok: boolean) => {
    pending?.resolve(ok);
    setPending(null);
  };
  return { confirm, dialog: pending ? <ConfirmDialog {...pending.request} onClose={close} /> : null };
}

export function ConfirmDialog({
  title,
  body,
  confirmLabel,
  tone = "normal",
  onClose,
}: ConfirmRequest & { onClose: (ok: boolean) => void }) {
  const id = useId();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    // showModal makes the rest of the page inert and moves focus to the autofocused Cancel.
    if (dialog && !dialog.open && typeof dialog.showModal === "function") dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={body ? `${id}-body` : undefined}
      onCancel={(event) => {
        event.preventDefault(); // Escape: close through React state, like Cancel
        onClose(false);
      }}
    >
      <h2 id={`${id}-title`}>{title}</h2>
      {body ? (
        <div id={`${id}-body`} className="confirm-body">
          {body}
        </div>
      ) : null}
      <div className="confirm-actions">
        <button type="button" className="button secondary" autoFocus onClick={() => onClose(false)}>
          Cancel
        </button>
        <button type="button" className={`button${tone === "danger" ? " danger" : ""}`} onClick={() => onClose(true)}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
