/** Vitest setup: DOM matchers everywhere, and in jsdom tests an unmounted tree after each test. */

import "@testing-library/jest-dom/vitest";
import { afterEach } from "vitest";

// Vitest's globals are off, so Testing Library cannot register its own cleanup.
if (typeof document !== "undefined") {
  const { cleanup } = await import("@testing-library/react");
  afterEach(cleanup);
}
