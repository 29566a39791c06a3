import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { CacheStats } from "../api/types";
import { CacheFacts } from "./HealthSection";

const base: CacheStats = { enabled: true, hits: 0, misses: 0, shared: 0, bypassed: 0, hit_ratio: null };

describe("search cache facts", () => {
  it("shows the hit ratio with the lookups behind it", () => {
    const html = renderToStaticMarkup(
      <CacheFacts cache={{ ...base, hits: 1600, shared: 50, misses: 350, bypassed: 12, hit_ratio: 0.825 }} />,
    );
    expect(html).toContain("82.5 % hits");
    expect(html).toContain("1,650 of 2,000 lookups, 12 bypassed");
  });

  it("says when the cache is off or has not been used", () => {
    expect(renderToStaticMarkup(<CacheFacts cache={{ ...base, enabled: false }} />)).toContain("off");
    expect(renderToStaticMarkup(<CacheFacts cache={base} />)).toContain("no searches yet");
  });
});
