/** Index status: where the alias points, counts against Postgres, kept versions and rollback. */

import { rollbackIndex } from "../api/admin";
import type { IndexStatus, IndexVersion } from "../api/types";
import { useConfirm } from "../site/ConfirmDialog";
import { Notices, useAction, type Action } from "../site/forms";
import { OutboxBacklog } from "./HealthSection";

export function IndexStatusSection({
  status,
  onChanged,
  rebuilding = false,
}: {
  status: IndexStatus;
  onChanged: () => void;
  /** A rebuild job is queued or running: the newest incomplete version is the one it fills. */
  rebuilding?: boolean;
}) {
  const rollback = useAction();
  const { confirm, dialog } = useConfirm();
  const rollBack = async (to?: string) => {
    const title = to ? `Roll back: make ${to} the live index?` : "Roll back to the previous index version?";
    const body = <p>Searches use it from the next request; a later rebuild or roll back can move the alias again.</p>;
    if (!(await confirm({ title, body, confirmLabel: "Roll back", tone: "danger" }))) return;
    void rollback.run(async () => {
      const moved = await rollbackIndex(to);
      onChanged();
      return `Rolled back: ${moved.live} is live now (was ${moved.left}).`;
    });
  };
  const mismatch = status.postgres_products - status.es_documents;
  return (
    <section className="section" aria-labelledby="index-heading">
      <h2 id="index-heading">Index status</h2>
      {dialog}
      <dl className="facts">
        <dt>Alias</dt>
        <dd>
          {status.alias} → {status.live ?? <span className="state warn">no live index</span>}
        </dd>
        <dt>Postgres products</dt>
        <dd>{status.postgres_products.toLocaleString("en")}</dd>
        <dt>Documents in the live index</dt>
        <dd>
          {status.es_documents.toLocaleString("en")}{" "}
          {mismatch !== 0 ? (
            <span className="state warn">
              mismatch: {Math.abs(mismatch).toLocaleString("en")} {mismatch > 0 ? "fewer" : "more"} than Postgres
            </span>
          ) : null}
        </dd>
        <dt>Outbox backlog</dt>
        <dd>
          <OutboxBacklog pending={status.outbox_pending} oldest={status.outbox_oldest_age_s} />
        </dd>
        <dt>Cluster health</dt>
        <dd>
          <span className={`state ${status.cluster_health === "green" ? "ok" : "warn"}`}>{status.cluster_health}</span>
        </dd>
      </dl>
      <Notices error={rollback.error} message={rollback.message} />
      {status.versions.length > 0 ? (
        <VersionTable versions={status.versions} action={rollback} onRollBack={rollBack} building={rebuilding ? buildingVersion(status.versions) : null} />
      ) : null}
      <button type="button" className="button secondary" disabled={rollback.busy} onClick={() => void rollBack()}>
        Roll back
      </button>
    </section>
  );
}

/** The version a running rebuild fills: the newest incomplete one that is not live (names sort by time). */
export function buildingVersion(versions: readonly IndexVersion[]): string | null {
  const open = versions.filter((version) => !version.complete && !version.live).map((version) => version.name);
  return open.length ? [...open].sort().at(-1) ?? null : null;
}

function VersionTable({
  versions,
  action,
  onRollBack,
  building,
}: {
  versions: IndexVersion[];
  action: Action;
  onRollBack: (to: string) => Promise<void>;
  building: string | null;
}) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">Kept index versions</caption>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Documents</th>
            <th scope="col">State</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {versions.map((version) => (
            <tr key={version.name}>
              <td id={`version-${version.name}`}>
                {version.name} {version.live ? <span className="badge live">live</span> : null}
              </td>
              <td>{version.name === building ? <span className="muted">building…</span> : version.docs.toLocaleString("en")}</td>
              <td>
                {version.name === building ? (
                  <span className="badge running">building…</span>
                ) : (
                  <span className={`badge ${version.complete ? "complete" : "incomplete"}`}>
                    {version.complete ? "complete" : "incomplete"}
                  </span>
                )}
              </td>
              <td>
                {version.complete && !version.live ? (
                  <button
                    type="button"
                    className="button secondary small"
                    disabled={action.busy}
                    aria-describedby={`version-${version.name}`}
                    onClick={() => void onRollBack(version.name)}
                  >
                    Roll back to this version
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
