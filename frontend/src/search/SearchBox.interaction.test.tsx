// @vitest-environment jsdom
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeApi, type FakeCall } from "../testing/fakeApi";
import { SearchBox } from "./SearchBox";

const SUGGESTIONS = [
  { text: "laptop", kind: "query" },
  { text: "Lenovo", kind: "brand" },
  { text: "Laptops", kind: "type" },
];

describe("SearchBox", () => {
  let calls: FakeCall[];
  beforeEach(() => {
    calls = fakeApi({ "GET /api/suggest": ({ url }) => ({ query: url.searchParams.get("q"), suggestions: SUGGESTIONS }) });
  });
  afterEach(() => vi.unstubAllGlobals());

  const setup = (query = "") => {
    const onSearch = vi.fn();
    render(<SearchBox query={query} onSearch={onSearch} />);
    return { onSearch, input: screen.getByRole("combobox", { name: "Search products" }), user: userEvent.setup() };
  };

  it("asks for suggestions as one types and lists them, brands and categories labelled", async () => {
    const { input, user } = setup();
    expect(input).toHaveAttribute("aria-expanded", "false");
    await user.type(input, "la");
    const options = await screen.findAllByRole("option");
    expect(options.map((o) => o.textContent)).toEqual(["laptop", "Lenovo Brand", "Laptops Category"]);
    expect(input).toHaveAttribute("aria-expanded", "true");
    expect(calls.at(-1)?.url.searchParams.get("q")).toBe("la");
  });

  it("moves through the options with the arrow keys, wrapping, and searches for the one chosen with Enter", async () => {
    const { input, user, onSearch } = setup();
    await user.type(input, "lap");
    await screen.findAllByRole("option");
    expect(input).not.toHaveAttribute("aria-activedescendant");

    await user.keyboard("{ArrowDown}{ArrowDown}");
    const second = screen.getByRole("option", { name: /^Lenovo/ });
    expect(second).toHaveAttribute("aria-selected", "true");
    expect(input).toHaveAttribute("aria-activedescendant", second.id);

    await user.keyboard("{ArrowDown}{ArrowDown}"); // past the last option, back to the first
    expect(screen.getByRole("option", { name: /^laptop$/ })).toHaveAttribute("aria-selected", "true");
    await user.keyboard("{ArrowUp}"); // and up from the first to the last
    expect(screen.getByRole("option", { name: /^Laptops/ })).toHaveAttribute("aria-selected", "true");

    await user.keyboard("{Enter}");
    expect(onSearch).toHaveBeenCalledExactlyOnceWith("Laptops");
    expect(input).toHaveValue("Laptops");
    expect(input).toHaveAttribute("aria-expanded", "false");
  });

  it("closes the list on Escape and searches for the typed text on Enter", async () => {
    const { input, user, onSearch } = setup();
    await user.type(input, "lap");
    await screen.findAllByRole("option");
    await user.keyboard("{Escape}");
    expect(input).toHaveAttribute("aria-expanded", "false");
    expect(screen.queryByRole("option")).toBeNull();
    await user.keyboard(" {Enter}");
    expect(onSearch).toHaveBeenCalledExactlyOnceWith("lap");
  });

  it("chooses a suggestion by click without losing the focus first", async () => {
    const { input, user, onSearch } = setup();
    await user.type(input, "le");
    await user.click(await screen.findByRole("option", { name: /^Lenovo/ }));
    expect(onSearch).toHaveBeenCalledExactlyOnceWith("Lenovo");
    expect(input).toHaveFocus();
  });

  it("shows a query the page sets without suggesting for it", async () => {
    const { input } = setup("headphones");
    expect(input).toHaveValue("headphones");
    await new Promise((resolve) => setTimeout(resolve, 200)); // past the debounce
    await waitFor(() => expect(calls).toHaveLength(0));
    expect(input).toHaveAttribute("aria-expanded", "false");
  });

  it("takes a query the page sets later (a search, Back) over the typed text, and stops suggesting", async () => {
    const onSearch = vi.fn();
    const { rerender } = render(<SearchBox query="" onSearch={onSearch} />);
    const input = screen.getByRole("combobox", { name: "Search products" });
    await userEvent.setup().type(input, "lap");
    await screen.findAllByRole("option");
    rerender(<SearchBox query="toner" onSearch={onSearch} />);
    expect(input).toHaveValue("toner");
    expect(input).toHaveAttribute("aria-expanded", "false");
    expect(screen.queryByRole("option")).toBeNull();
  });
});
