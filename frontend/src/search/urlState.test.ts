import { describe, expect, it } from "vitest";
import {
  canExplain,
  clearFilters,
  EMPTY_STATE,
  explainFor,
  filterCount,
  parseQueryString,
  toApiQueryString,
  toQueryString,
  toggle,
} from "./urlState";

describe("url state", () => {
  it("round-trips through the query string", () => {
    const state = {
      ...EMPTY_STATE,
      q: "usb cable & more",
      brand: ["HP", "Dell"],
      type: ["Laptops"],
      price: "10-50",
      min_rating: "4",
      in_stock: true,
      sort: "price_asc" as const,
      page: 3,
      explain: true,
    };
    expect(parseQueryString(toQueryString(state))).toEqual(state);
  });

  it("uses the API's parameter names, repeating multi-valued filters", () => {
    const state = { ...EMPTY_STATE, q: "tv", brand: ["LG", "Sony"], price: "-50" };
    expect(toQueryString(state)).toBe("q=tv&brand=LG&brand=Sony&price=-50");
  });

  it("leaves defaults out and ignores junk", () => {
    expect(toQueryString(EMPTY_STATE)).toBe("");
    expect(parseQueryString("")).toEqual(EMPTY_STATE);
    expect(parseQueryString("?sort=cheapest&page=-2").sort).toBe("relevance");
    expect(parseQueryString("?page=abc").page).toBe(1);
    expect(parseQueryString("?in_stock=false").in_stock).toBe(false);
  });

  it("toggles values", () => {
    expect(toggle(["a"], "b")).toEqual(["a", "b"]);
    expect(toggle(["a", "b"], "a")).toEqual(["b"]);
  });
});

describe("filters", () => {
  it("counts and clears them, keeping the query and sort", () => {
    const state = { ...EMPTY_STATE, q: "tv", brand: ["LG", "Sony"], in_stock: true, sort: "newest" as const, page: 4 };
    expect(filterCount(EMPTY_STATE)).toBe(0);
    expect(filterCount(state)).toBe(3);
    expect(clearFilters(state)).toEqual({ ...EMPTY_STATE, q: "tv", sort: "newest" });
  });
});

describe("explain", () => {
  it("is explain=1 in the URL and explain=true to the API", () => {
    const state = { ...EMPTY_STATE, q: "tv", explain: true };
    expect(toQueryString(state)).toBe("q=tv&explain=1");
    expect(toApiQueryString(state)).toBe("q=tv&explain=true");
    expect(parseQueryString("?q=tv&explain=1").explain).toBe(true);
    expect(parseQueryString("?q=tv&explain=true").explain).toBe(false);
    expect(toApiQueryString({ ...state, explain: false })).toBe("q=tv");
  });

  it("is dropped for shoppers and signed-out visitors, kept for staff", () => {
    const state = parseQueryString("?q=tv&explain=1");
    expect(canExplain("shopper")).toBe(false);
    expect(canExplain(null)).toBe(false);
    expect(canExplain("merchandiser")).toBe(true);
    expect(canExplain("admin")).toBe(true);
    expect(toQueryString(explainFor(state, "shopper"))).toBe("q=tv");
    expect(toApiQueryString(explainFor(state, null))).toBe("q=tv");
    expect(explainFor(state, "merchandiser")).toBe(state);
    expect(explainFor(state, "admin").explain).toBe(true);
  });
});
