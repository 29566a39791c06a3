/** Admin: the products index (status, rebuild, rollback, parity, sync) and the health of the system. */

import { useCallback, useState } from "react";
import { getIndexStatus } from "../api/admin";
import { Notices } from "../site/forms";
import { PageShell } from "../site/PageShell";
import { HealthSection } from "./HealthSection";
import { IndexStatusSection } from "./IndexStatusSection";
import { POLL_HEALTH_MS, POLL_JOB_MS } from "./jobs";
import { MaintenanceSection } from "./MaintenanceSection";
import { RebuildSection } from "./RebuildSection";
import { ADMIN_ONLY } from "./useAdminData";
import { usePolledAdminData } from "./usePolledAdminData";

export function IndexesPage() {
  // While a rebuild runs, its half-filled version reads "building…", not "0 incomplete", and the
  // status is asked for every second so the new version shows up as soon as it exists.
  const [rebuilding, setRebuilding] = useState(false);
  const { data, error, reload } = usePolledAdminData("index", getIndexStatus, "/admin/indexes", () =>
    rebuilding ? POLL_JOB_MS : POLL_HEALTH_MS,
  );
  const onActive = useCallback(
    (active: boolean) => {
      setRebuilding(active);
      if (active) reload();
    },
    [reload],
  );
  if (error === ADMIN_ONLY) {
    return (
      <PageShell title="Indexes" wide>
        <Notices error={error} message={null} />
      </PageShell>
    );
  }
  return (
    <PageShell title="Indexes" wide>
      <HealthSection />
      {data ? (
        <IndexStatusSection status={data} onChanged={reload} rebuilding={rebuilding} />
      ) : (
        <section className="section" aria-labelledby="index-heading">
          <h2 id="index-heading">Index status</h2>
          <Notices error={error} message={null} />
          {error ? null : <p aria-busy="true">Loading the index status…</p>}
        </section>
      )}
      {data && error ? <Notices error={error} message={null} /> : null}
      <RebuildSection onEnded={reload} onActive={onActive} />
      <MaintenanceSection />
    </PageShell>
  );
}
