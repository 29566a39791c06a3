// @vitest-environment jsdom
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { CartLine } from "../api/types";
import { fakeApi } from "../testing/fakeApi";
import { CartLineRow } from "./CartLineRow";

const LINE: CartLine = {
  product_id: 7,
  title: "Desk lamp",
  brand: null,
  image_url: null,
  price: "20.00",
  currency: "GBP",
  quantity: 2,
  line_total: "40.00",
  in_stock: true,
  stock_label: "In stock",
  max_quantity: 10,
  problem: null,
};

const row = (line: CartLine) => (
  <table>
    <tbody>
      <CartLineRow line={line} />
    </tbody>
  </table>
);

describe("CartLineRow", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("shows a new quantity from the server in place of the draft, and does not save it back", async () => {
    const calls = fakeApi({});
    const { rerender } = render(row(LINE));
    const input = screen.getByRole("spinbutton", { name: "Quantity for Desk lamp" });
    await userEvent.setup().type(input, "{Backspace}"); // an empty draft: nothing to save
    expect(input).toHaveValue(null);
    rerender(row({ ...LINE, quantity: 5, line_total: "100.00" }));
    expect(input).toHaveValue(5);
    await new Promise((resolve) => setTimeout(resolve, 500)); // past the save delay
    expect(calls).toHaveLength(0);
  });
});
