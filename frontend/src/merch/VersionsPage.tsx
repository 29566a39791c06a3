/** Merchandisers: every published version of the synonyms and rules; an older one can be restored. */

import { useState } from "react";
import { listVersions } from "../api/merch";
import type { MerchVersion } from "../api/merchTypes";
import { Notices } from "../site/forms";
import { MerchPage, type DraftContext } from "./MerchPage";
import { useMerchLoad } from "./useMerchLoad";
import { VersionTable } from "./VersionTable";

export function VersionsPage() {
  return (
    <MerchPage title="Versions" path="/merch/versions">
      {(context) => <Versions context={context} />}
    </MerchPage>
  );
}

function Versions({ context }: { context: DraftContext }) {
  const versions = useMerchLoad(`versions:${context.stamp}`, listVersions);
  const [message, setMessage] = useState<string | null>(null);
  const restored = (from: MerchVersion, as: MerchVersion) => {
    setMessage(`Restored version ${from.version} as version ${as.version}.`);
    context.changed();
  };
  return (
    <>
      <p className="muted">Restoring publishes an older version&rsquo;s synonyms and rules again, as a new version.</p>
      <Notices error={versions.error} message={message} />
      <section aria-live="polite" aria-busy={versions.loading}>
        {versions.data === null ? (
          versions.error ? null : <p className="muted">Loading the versions…</p>
        ) : versions.data.length === 0 ? (
          <p className="muted">Nothing has been published yet.</p>
        ) : (
          <VersionTable versions={versions.data} onRestored={restored} />
        )}
      </section>
    </>
  );
}
