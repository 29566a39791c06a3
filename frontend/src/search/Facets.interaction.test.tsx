// @vitest-environment jsdom
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { FacetValue } from "../api/types";
import { Facets } from "./Facets";
import { EMPTY_STATE } from "./urlState";

const values = (names: string[], selected: string[] = []): FacetValue[] =>
  names.map((value) => ({ value, count: 3, selected: selected.includes(value), from: null, to: null }));
const BRANDS = Array.from({ length: 20 }, (_, i) => `Brand ${String(i + 1).padStart(2, "0")}`);

describe("Facets", () => {
  const setup = (state = { ...EMPTY_STATE, q: "tv", page: 4 }) => {
    const onChange = vi.fn();
    const facets = { brand: values(BRANDS, state.brand), price: values(["-100", "100-500", "500-"], state.price ? [state.price] : []) };
    render(<Facets facets={facets} state={state} onChange={onChange} currency="EUR" open={false} onClose={vi.fn()} total={10} />);
    return { onChange, user: userEvent.setup() };
  };

  it("adds a ticked brand to the state and starts again from the first page", async () => {
    const { onChange, user } = setup({ ...EMPTY_STATE, q: "tv", brand: ["Brand 01"], page: 4 });
    await user.click(screen.getByRole("checkbox", { name: /Brand 02/ }));
    expect(onChange).toHaveBeenCalledExactlyOnceWith({ ...EMPTY_STATE, q: "tv", brand: ["Brand 01", "Brand 02"], page: 1 });
  });

  it("unticks a ticked brand, and a price range is one choice that a second click clears", async () => {
    const { onChange, user } = setup({ ...EMPTY_STATE, brand: ["Brand 01"], price: "100-500", page: 2 });
    await user.click(screen.getByRole("checkbox", { name: /Brand 01/ }));
    expect(onChange).toHaveBeenLastCalledWith({ ...EMPTY_STATE, brand: [], price: "100-500", page: 1 });
    await user.click(screen.getByRole("checkbox", { name: /€100 – €500/ }));
    expect(onChange).toHaveBeenLastCalledWith({ ...EMPTY_STATE, brand: ["Brand 01"], price: null, page: 1 });
  });

  it("lists 15 brands until 'Show all' unfolds the rest", async () => {
    const { user } = setup();
    const brand = within(screen.getByTestId("facet-brand"));
    expect(brand.getAllByRole("checkbox")).toHaveLength(15);
    const more = brand.getByRole("button", { name: "Show all 20" });
    expect(more).toHaveAttribute("aria-expanded", "false");
    await user.click(more);
    expect(brand.getAllByRole("checkbox")).toHaveLength(20);
    expect(brand.getByRole("button", { name: "Show fewer" })).toHaveAttribute("aria-expanded", "true");
  });

  it("offers 'Clear all filters' only when a filter is set, keeping the query", async () => {
    const { onChange, user } = setup({ ...EMPTY_STATE, q: "tv", in_stock: true });
    await user.click(screen.getByRole("button", { name: "Clear all filters" }));
    expect(onChange).toHaveBeenCalledExactlyOnceWith(expect.objectContaining({ q: "tv", in_stock: false, brand: [], page: 1 }));
  });
});
