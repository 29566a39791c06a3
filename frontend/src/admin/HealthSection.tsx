/** The system health panel: each service, the workers and the outbox backlog, refreshed every 5 s. */

import { getHealth } from "../api/admin";
import type { CacheStats, SystemHealth } from "../api/types";
import { Notices } from "../site/forms";
import { formatSeconds, POLL_HEALTH_MS, serviceOk } from "./jobs";
import { usePolledAdminData } from "./usePolledAdminData";

const SERVICE_NAMES: Record<string, string> = {
  postgres: "Postgres",
  redis: "Redis",
  elasticsearch: "Elasticsearch",
  worker: "Worker",
};

export function HealthSection() {
  const { data, error } = usePolledAdminData("health", getHealth, "/admin/indexes", () => POLL_HEALTH_MS);
  return (
    <section className="section" aria-labelledby="health-heading">
      <h2 id="health-heading">System health</h2>
      <Notices error={error} message={null} />
      {data ? <HealthFacts health={data} /> : error ? null : <p aria-busy="true">Checking the services…</p>}
    </section>
  );
}

function HealthFacts({ health }: { health: SystemHealth }) {
  return (
    <dl className="facts">
      {Object.entries(health.services).map(([name, state]) => (
        <ServiceRow key={name} name={name} state={state} />
      ))}
      <dt>Workers</dt>
      <dd>
        {health.workers.length === 0 ? (
          <span className="state warn">No worker is running</span>
        ) : (
          <ul className="plain">
            {health.workers.map((w) => (
              <li key={`${w.host}:${w.pid}`}>
                {w.host}:{w.pid} <span className="muted">seen {formatSeconds(w.last_seen_s)} ago</span>
              </li>
            ))}
          </ul>
        )}
      </dd>
      <dt>Outbox backlog</dt>
      <dd>
        <OutboxBacklog pending={health.outbox_pending} oldest={health.outbox_oldest_age_s} />
      </dd>
      <dt>Search cache</dt>
      <dd>
        <CacheFacts cache={health.retrieval_cache} />
      </dd>
    </dl>
  );
}

/** "82.5 % hits (1,650 of 2,000 searches), 12 bypassed", or "off". */
export function CacheFacts({ cache }: { cache: CacheStats }) {
  if (!cache.enabled) return <span className="muted">off</span>;
  const served = cache.hits + cache.shared + cache.misses;
  if (cache.hit_ratio === null) return <span className="muted">no searches yet</span>;
  return (
    <span>
      {(cache.hit_ratio * 100).toFixed(1)} % hits{" "}
      <span className="muted">
        ({(cache.hits + cache.shared).toLocaleString("en")} of {served.toLocaleString("en")} lookups
        {cache.bypassed ? `, ${cache.bypassed.toLocaleString("en")} bypassed` : ""})
      </span>
    </span>
  );
}

function ServiceRow({ name, state }: { name: string; state: string }) {
  const ok = serviceOk(state);
  return (
    <>
      <dt>{SERVICE_NAMES[name] ?? name}</dt>
      <dd>
        <span className={ok ? "state ok" : "state warn"}>{ok ? "ok" : state}</span>
      </dd>
    </>
  );
}

/** "12 pending, oldest 3m 05s", or "empty". */
export function OutboxBacklog({ pending, oldest }: { pending: number; oldest: number | null }) {
  if (pending === 0) return <span className="state ok">empty</span>;
  return (
    <span>
      {pending.toLocaleString("en")} pending{oldest !== null ? `, oldest ${formatSeconds(oldest)}` : ""}
    </span>
  );
}
