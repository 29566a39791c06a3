/** The published versions, newest first: when, by whom, why, what they hold; "Current" or "Restore". */

import { restoreVersion } from "../api/merch";
import type { MerchVersion } from "../api/merchTypes";
import { formatDate } from "../site/format";
import { useAction } from "../site/forms";
import { versionSummary } from "./summaries";
import { ConsoleTable } from "./ConsoleTable";

export function VersionTable({
  versions,
  onRestored,
}: {
  versions: MerchVersion[];
  onRestored: (from: MerchVersion, as: MerchVersion) => void;
}) {
  return (
    <ConsoleTable caption="Published versions, newest first" columns={["Version", "Published at", "By", "Note", "Summary", "Restored from"]}>
          {versions.map((version) => (
            <tr key={version.version}>
              <th scope="row" id={`version-${version.version}`}>
                Version {version.version}
              </th>
              <td>{formatDate(version.published_at)}</td>
              <td>{version.published_by}</td>
              <td className="outcome">{version.note ?? "—"}</td>
              <td>{versionSummary(version.summary)}</td>
              <td>{version.restored_from === null ? "—" : `Version ${version.restored_from}`}</td>
              <td className="outcome">
                {version.current ? <span className="badge active">Current</span> : <RestoreButton version={version} onRestored={onRestored} />}
              </td>
            </tr>
          ))}
        </ConsoleTable>
  );
}

function RestoreButton({ version, onRestored }: { version: MerchVersion; onRestored: (from: MerchVersion, as: MerchVersion) => void }) {
  const action = useAction();
  const restore = () =>
    void action.run(async () => {
      onRestored(version, await restoreVersion(version.version));
    });
  return (
    <>
      <button
        type="button"
        className="button secondary small"
        disabled={action.busy}
        aria-describedby={`version-${version.version}`}
        onClick={restore}
      >
        Restore
      </button>
      {action.error ? (
        <span className="inline-error" role="alert">
          {action.error}
        </span>
      ) : null}
    </>
  );
}
