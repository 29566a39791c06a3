// @vitest-environment jsdom
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { FacetValue, ProductHit, SearchResponse } from "../api/types";
import { ANONYMOUS, fakeApi, type FakeCall } from "../testing/fakeApi";
import { SearchPage } from "./SearchPage";

const BRANDS = ["Lenovo", "Dell", "HP"];
const TOTAL = 100;
const SIZE = 24;

function hit(id: number): ProductHit {
  return {
    product_id: id,
    sku: `SKU-${id}`,
    title: `Laptop ${id}`,
    brand: "Lenovo",
    product_type: "Laptops",
    price: 999,
    currency: "EUR",
    rating: null,
    review_count: 0,
    in_stock: true,
    stock_left: null,
    stock_label: "In stock",
    image_url: null,
    score: 1,
    highlight: {},
    explanation: null,
    pinned: false,
    synonym: false,
  };
}

/** The search API as far as these tests need it: one page of hits and a brand facet that shows what is selected. */
function search({ url }: FakeCall): SearchResponse {
  const page = Number(url.searchParams.get("page") ?? "1");
  const chosen = url.searchParams.getAll("brand");
  const brand: FacetValue[] = BRANDS.map((value) => ({ value, count: 10, selected: chosen.includes(value), from: null, to: null }));
  return {
    query_id: `qid-${url.search}`,
    query: url.searchParams.get("q") ?? "",
    total: TOTAL,
    page,
    size: SIZE,
    took_ms: 3,
    did_you_mean: null,
    relaxed: false,
    degraded: false,
    partial_match: null,
    ranking: "bm25",
    banners: [],
    redirect: null,
    merch_version: null,
    results: Array.from({ length: 3 }, (_, i) => hit(page * 100 + i)),
    facets: { brand },
  };
}

describe("SearchPage", () => {
  let calls: FakeCall[];
  let scrollTo: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    calls = fakeApi({
      "GET /api/auth/session": () => ANONYMOUS,
      "GET /api/cart": () => ({ items: [], item_count: 0, total: "0", currency: "EUR" }),
      "GET /api/search": search,
      "POST /api/events/batch": () => new Response(null, { status: 204 }),
    });
    window.history.replaceState(null, "", "/search?q=laptop");
    scrollTo = vi.spyOn(window, "scrollTo").mockImplementation(() => undefined);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  const searches = () => calls.filter((c) => c.url.pathname === "/api/search").map((c) => c.url.search);
  const shown = async () => (await screen.findByTestId("total")).textContent;

  it("searches for the query in the address and shows the results", async () => {
    render(<SearchPage />);
    await waitFor(async () => expect(await shown()).toBe("100 results for “laptop”"));
    expect(screen.getAllByTestId("result-card")).toHaveLength(3);
    expect(searches()).toEqual(["?q=laptop"]);
  });

  it("puts a ticked brand in the address, searches with it, and clears it again", async () => {
    const user = userEvent.setup();
    render(<SearchPage />);
    const facet = await screen.findByTestId("facet-brand");
    await user.click(within(facet).getByRole("checkbox", { name: /Dell/ }));

    expect(window.location.search).toBe("?q=laptop&brand=Dell");
    await waitFor(() => expect(within(screen.getByTestId("facet-brand")).getByRole("checkbox", { name: /Dell/ })).toBeChecked());
    expect(searches().at(-1)).toBe("?q=laptop&brand=Dell");

    await user.click(screen.getByRole("button", { name: "Clear all filters" }));
    expect(window.location.search).toBe("?q=laptop");
    await waitFor(() => expect(screen.queryByRole("button", { name: "Clear all filters" })).toBeNull());
  });

  it("ticks 'In stock only' and sorts, starting again from the first page", async () => {
    window.history.replaceState(null, "", "/search?q=laptop&page=3");
    const user = userEvent.setup();
    render(<SearchPage />);
    await user.click(await screen.findByRole("checkbox", { name: "In stock only" }));
    expect(window.location.search).toBe("?q=laptop&in_stock=true");
    await user.selectOptions(screen.getByTestId("sort-select"), "Price: low to high");
    expect(window.location.search).toBe("?q=laptop&in_stock=true&sort=price_asc");
    await waitFor(() => expect(searches().at(-1)).toBe("?q=laptop&in_stock=true&sort=price_asc"));
  });

  it("pages through the results and comes back with the browser's Back", async () => {
    const user = userEvent.setup();
    render(<SearchPage />);
    const pages = await screen.findByRole("navigation", { name: "Pages" });
    expect(within(pages).getByRole("button", { name: "1" })).toHaveAttribute("aria-current", "page");
    expect(within(pages).getByRole("button", { name: /Previous/ })).toBeDisabled();
    // 100 results at 24 a page: pages 1, 2, 3 and the last, 5, with a gap before it.
    expect(within(pages).getAllByRole("button").map((b) => b.textContent)).toEqual(["‹ Previous", "1", "2", "3", "5", "Next ›"]);

    await user.click(within(pages).getByRole("button", { name: "Next ›" }));
    expect(window.location.search).toBe("?q=laptop&page=2");
    await waitFor(() => expect(screen.getByRole("button", { name: "2" })).toHaveAttribute("aria-current", "page"));
    expect(searches().at(-1)).toBe("?q=laptop&page=2");
    expect(scrollTo).toHaveBeenCalledWith(0, 0);

    await user.click(screen.getByRole("button", { name: "5" }));
    await waitFor(() => expect(screen.getByRole("button", { name: "Next ›" })).toBeDisabled());

    window.history.back();
    await waitFor(() => expect(window.location.search).toBe("?q=laptop&page=2"));
    await waitFor(() => expect(screen.getByRole("button", { name: "2" })).toHaveAttribute("aria-current", "page"));
  });

  it("searches for what is typed in the header's box", async () => {
    const user = userEvent.setup();
    render(<SearchPage />);
    const input = screen.getByRole("combobox", { name: "Search products" });
    await waitFor(() => expect(input).toHaveValue("laptop"));
    await user.clear(input);
    await user.type(input, "dell monitor{Enter}");
    expect(window.location.search).toBe("?q=dell+monitor");
    await waitFor(async () => expect(await shown()).toBe("100 results for “dell monitor”"));
  });
});
