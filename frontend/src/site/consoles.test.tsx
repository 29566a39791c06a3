import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { homeFor } from "../account/SignInPage";
import { buildingVersion } from "../admin/IndexStatusSection";
import { JobOutcome } from "../admin/JobOutcome";
import { jobResultSummary } from "../admin/jobs";
import type { Job } from "../api/types";
import { App } from "../App";
import { PendingChanges } from "../merch/DraftBar";
import { ConfirmDialog } from "./ConfirmDialog";

const job = (change: Partial<Job>): Job => ({
  id: 9,
  kind: "train",
  status: "succeeded",
  triggered_by: "ops@example.com",
  params: {},
  phase: null,
  done: 0,
  total: 0,
  result: null,
  error: null,
  cancel_requested: false,
  created_at: "2025-03-12T14:00:00Z",
  started_at: "2025-03-12T14:00:02Z",
  finished_at: "2025-03-12T14:01:02Z",
  heartbeat_at: null,
  ...change,
});

describe("console safety nets", () => {
  it("sends staff to their console after sign-in, shoppers to their account", () => {
    expect(homeFor("admin")).toBe("/admin");
    expect(homeFor("merchandiser")).toBe("/merch");
    expect(homeFor("shopper")).toBe("/account");
    expect(homeFor(null)).toBe("/account");
  });

  it("lists each console's pages on its landing page", () => {
    const merch = renderToStaticMarkup(<App path="/merch" search="" />);
    expect(merch).toContain("<h1>Merchandising</h1>");
    for (const href of ["/merch/synonyms", "/merch/rules", "/analytics", "/experiments"]) expect(merch).toContain(`href="${href}"`);
    const admin = renderToStaticMarkup(<App path="/admin/" search="" />);
    expect(admin).toContain("<h1>Admin</h1>");
    for (const href of ["/admin/users", "/admin/indexes", "/admin/jobs"]) expect(admin).toContain(`href="${href}"`);
  });

  it("words each job kind's outcome, the raw result behind a toggle", () => {
    expect(jobResultSummary(job({ result: { model_id: 4, promoted: true, queries: 40 } }))).toBe(
      "Model 4 trained on 40 queries, promoted to active",
    );
    expect(jobResultSummary(job({ kind: "rollup", result: { days: 2, from: "2025-03-11", searches: 1200 } }))).toBe(
      "2 days rolled up from 2025-03-11: 1,200 searches",
    );
    expect(jobResultSummary(job({ kind: "signals", result: { products: 120, nested: { a: 1 } } }))).toBe("Products 120");
    const html = renderToStaticMarkup(<JobOutcome job={job({ result: { model_id: 4, promoted: false, queries: 1 } })} />);
    expect(html).toContain("kept inactive");
    expect(html).toMatch(/<details class="job-raw"><summary>Raw result<\/summary><pre>\{/);
    expect(renderToStaticMarkup(<JobOutcome job={job({ status: "failed", error: "boom" })} />)).toContain("boom");
  });

  it("calls only the newest unfinished, not-live version the one being built", () => {
    const v = (name: string, complete: boolean, live = false) => ({ name, docs: 0, complete, live });
    expect(buildingVersion([v("p_2025a", true, true), v("p_2025b", false), v("p_2025c", false)])).toBe("p_2025c");
    expect(buildingVersion([v("p_2025a", true, true)])).toBeNull();
  });

  it("groups a draft's pending changes by who made them", () => {
    const html = renderToStaticMarkup(
      <PendingChanges
        changes={[
          { kind: "synonym_set", key: "synonym_set:tv", label: "tv", action: "changed", by: "ben@example.com" },
          { kind: "rule", key: "rule:1", label: "Pin lamp", action: "added", by: "ana@example.com" },
          { kind: "synonym_set", key: "synonym_set:old", label: "old", action: "removed", by: "ben@example.com" },
        ]}
      />,
    );
    expect(html).toContain("<strong>ben@example.com</strong> (2 changes)");
    expect(html).toContain("<strong>ana@example.com</strong> (1 change)");
    expect(html).toContain("removed synonym set “old”");
  });

  it("focuses Cancel first in a confirmation", () => {
    const html = renderToStaticMarkup(<ConfirmDialog title="Delete?" confirmLabel="Delete set" tone="danger" onClose={() => undefined} />);
    expect(html).toMatch(/<dialog class="confirm-dialog" aria-labelledby="[^"]+-title">/);
    expect(html).toMatch(/<button type="button" class="button secondary" autofocus="">Cancel<\/button>/);
    expect(html).toContain('class="button danger">Delete set</button>');
  });
});
