"""What a shopper's browser meets: JavaScript bytes, first results, and a filter click.

    python -m bench.frontend_load --url http://127.0.0.1:8400 [--baseline URL] [--runs 7]

Against a running Aisle (the API serving the built web UI), in headless Chromium (Debian's,
as the end-to-end tests use), each run opens a fresh browser context, so the HTTP cache is
cold, and loads `/search?q=...`:

- JS bytes: the compressed (on the wire) size of every script that page load fetched;
- first results: from navigation start to the first result card in the DOM;
- filter click: from the click on a brand in the filters to the results showing the new
  total (the search answered and rendered).

Medians of the runs are printed in a table; with --baseline (another server, e.g. the
previous build) each figure is also given as a ratio to that server's, measured in the same
process. The browser resolves no name but the server's, so off-site images fail at once.
Not part of pass/fail; figures are written to bench/results/frontend_load.json.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
from dataclasses import dataclass, field
from urllib.parse import quote

from playwright.sync_api import Browser, Request, sync_playwright

from bench.common import save

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Only loopback is reachable here: fail any other host's name at once, as a DNS error.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
VIEWPORT = {"width": 1280, "height": 800}
# Polled every animation frame: returns ms since navigation start once a result card exists.
FIRST_RESULT = "() => document.querySelector('[data-testid=result-card]') && performance.now()"
# The results count changed and the results are no longer busy: the filtered answer is shown.
UPDATED = """([before, clickedAt]) => {
  const total = document.querySelector('[data-testid=total]');
  const busy = document.querySelector('section.results')?.getAttribute('aria-busy') === 'true';
  return total && total.textContent !== before && !busy && performance.now() - clickedAt;
}"""
CLICK = """() => {
  const box = [...document.querySelectorAll('[data-testid=facet-brand] input[type=checkbox]')]
    .find((input) => !input.checked);
  if (!box) return null;
  const clickedAt = performance.now();
  box.click();
  return clickedAt;
}"""
TIMEOUT_MS = 20_000


@dataclass
class Figures:
    """One server's runs."""

    js_kb: list[float] = field(default_factory=list)
    first_results_ms: list[float] = field(default_factory=list)
    filter_ms: list[float] = field(default_factory=list)

    def medians(self) -> dict[str, float]:
        """Return the median of each figure."""
        return {
            "js_kb": statistics.median(self.js_kb),
            "first_results_ms": statistics.median(self.first_results_ms),
            "filter_ms": statistics.median(self.filter_ms) if self.filter_ms else float("nan"),
        }


def cold_run(browser: Browser, url: str, query: str, figures: Figures) -> None:
    """Load the search page in a fresh context; record its JS bytes and both timings."""
    context = browser.new_context(base_url=url, viewport=VIEWPORT)  # type: ignore[arg-type]
    scripts: list[Request] = []
    context.on(
        "requestfinished",
        lambda request: scripts.append(request) if request.resource_type == "script" else None,
    )
    page = context.new_page()
    page.goto(f"/search?q={quote(query)}", wait_until="commit")
    first = page.wait_for_function(FIRST_RESULT, polling="raf", timeout=TIMEOUT_MS)
    figures.first_results_ms.append(float(first.json_value()))
    page.wait_for_load_state("load")
    figures.js_kb.append(sum(r.sizes()["responseBodySize"] for r in scripts) / 1024)
    # The click comes once the page is quiet (its images fetched), as a shopper's would: the
    # figure is the search and the render, not a queue behind the first load's requests.
    page.wait_for_load_state("networkidle")
    page.wait_for_selector("section.results[aria-busy=false]", timeout=TIMEOUT_MS)
    before = page.locator("[data-testid=total]").text_content()
    clicked_at = page.evaluate(CLICK)
    if clicked_at is not None:
        updated = page.wait_for_function(
            UPDATED, arg=[before, clicked_at], polling="raf", timeout=TIMEOUT_MS
        )
        figures.filter_ms.append(float(updated.json_value()))
    context.close()


def measure(browser: Browser, url: str, query: str, runs: int) -> dict[str, float]:
    """Return the medians of `runs` cold loads (after one unmeasured warm-up of the server)."""
    cold_run(browser, url, query, Figures())
    figures = Figures()
    for _ in range(runs):
        cold_run(browser, url, query, figures)
    return figures.medians()


def main() -> None:
    """Measure the server (and the baseline, if given) and print the table."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", default="http://127.0.0.1:8400")
    parser.add_argument("--baseline", default=None, help="another server to compare with")
    parser.add_argument("--query", default="laptop")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        results = {"this": measure(browser, args.url, args.query, args.runs)}
        if args.baseline:
            results["baseline"] = measure(browser, args.baseline, args.query, args.runs)
        browser.close()
    rows = (
        ("shopper first-load JS (KB, compressed)", "js_kb", "≤ 250"),
        ("first results visible (ms, median)", "first_results_ms", "≤ 1000"),
        ("filter click → updated results (ms, median)", "filter_ms", "≤ 300"),
    )
    print(f"frontend load: /search?q={args.query}, {args.runs} cold runs each")
    header = f"{'figure':46} {'this':>9} {'baseline':>9} {'ratio':>7}  target"
    print(header)
    for label, key, target in rows:
        mine = results["this"][key]
        base = results.get("baseline", {}).get(key)
        ratio = f"{mine / base:7.2f}" if base else f"{'':7}"
        base_text = f"{base:9.1f}" if base is not None else f"{'':9}"
        print(f"{label:46} {mine:9.1f} {base_text} {ratio}  {target}")
    save("frontend_load", {"query": args.query, "runs": args.runs, **results})


if __name__ == "__main__":
    main()
