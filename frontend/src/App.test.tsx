import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { App } from "./App";

describe("App", () => {
  it("shows a way back for an unknown page", () => {
    const html = renderToStaticMarkup(<App path="/no/such/page" />);
    expect(html).toContain("Page not found");
    expect(html).toContain('href="/"');
  });
});
