/** The frame of every console page: the draft status bar, then the page; only the API's refusal for other roles. */

import { useCallback, useState, type ReactNode } from "react";
import { getDraft } from "../api/merch";
import type { Draft } from "../api/merchTypes";
import { PageShell } from "../site/PageShell";
import { Refused } from "../site/Refused";
import { DraftBar } from "./DraftBar";
import { useMerchLoad } from "./useMerchLoad";

export interface DraftContext {
  /** Null until loaded. */
  draft: Draft | null;
  /** Bumped on every change of the draft or the versions: a key for data that follows them. */
  stamp: number;
  /** The draft changed on the server (a save, delete, accept or restore): load it again. */
  changed: () => void;
}

export function MerchPage({ title, path, children }: { title: string; path: string; children: (context: DraftContext) => ReactNode }) {
  const draft = useMerchLoad("draft", getDraft);
  const [stamp, setStamp] = useState(0);
  const { reload, set } = draft;
  const changed = useCallback(() => {
    setStamp((s) => s + 1);
    reload();
  }, [reload]);
  const replaced = useCallback(
    (next: Draft | null) => {
      setStamp((s) => s + 1);
      if (next) set(next);
      else reload();
    },
    [set, reload],
  );

  if (draft.refused) {
    return (
      <PageShell title={title} wide>
        <Refused status={draft.refused} error={draft.error} path={path} />
      </PageShell>
    );
  }
  return (
    <PageShell title={title} wide>
      <DraftBar draft={draft.data} loadError={draft.error} onReplaced={replaced} />
      {children({ draft: draft.data, stamp, changed })}
    </PageShell>
  );
}
