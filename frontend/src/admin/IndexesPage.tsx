/** Admin: the products index (status, rebuild, rollback, parity, sync) and the health of the system. */

import { useState } from "react";
import { getIndexStatus } from "../api/admin";
import { Notices } from "../site/forms";
import { PageShell } from "../site/PageShell";
import { HealthSection } from "./HealthSection";
import { IndexStatusSection } from "./IndexStatusSection";
import { POLL_HEALTH_MS } from "./jobs";
import { MaintenanceSection } from "./MaintenanceSection";
import { RebuildSection } from "./RebuildSection";
import { ADMIN_ONLY } from "./useAdminData";
import { usePolledAdminData } from "./usePolledAdminData";

export function IndexesPage() {
  const { data, error, reload } = usePolledAdminData("index", getIndexStatus, "/admin/indexes", () => POLL_HEALTH_MS);
  // While a rebuild runs, its half-filled version reads "building…", not "0 incomplete".
  const [rebuilding, setRebuilding] = useState(false);
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
      <RebuildSection onEnded={reload} onActive={setRebuilding} />
      <MaintenanceSection />
    </PageShell>
  );
}
