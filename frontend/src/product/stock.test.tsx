import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { SpecSheet } from "../api/types";
import { Checkout } from "../cart/Checkout";
import { Rating } from "../search/ResultCard";
import { AllSpecifications, KeySpecs } from "./Specifications";
import { StockNote, stockTone } from "./StockNote";
import { parseQuantity } from "./AddToCart";

describe("stock wording", () => {
  it("colours the server's label by urgency", () => {
    expect(stockTone("In stock")).toBe("in");
    expect(stockTone("Only 2 left")).toBe("low");
    expect(stockTone("Out of stock")).toBe("out");
    expect(renderToStaticMarkup(<StockNote label="Only 2 left" />)).toContain('class="stock low"');
  });

  it("caps a typed quantity at what is left", () => {
    expect(parseQuantity("3", 1, 3)).toBe(3);
    expect(parseQuantity("4", 1, 3)).toBeNull();
  });

  it("disables checkout and says why when the cart cannot be ordered", () => {
    const reason = "Change or remove one item before checking out: Acme kettle is out of stock.";
    const html = renderToStaticMarkup(<Checkout blocked={reason} onReview={() => undefined} />);
    expect(html).toContain(reason);
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*aria-describedby="checkout-blocked"[^>]*>Review order/);
  });
});

describe("ratings", () => {
  it("shows stars only with reviews", () => {
    expect(renderToStaticMarkup(<Rating rating={4.6} reviews={0} />)).toBe("");
    expect(renderToStaticMarkup(<Rating rating={4.6} reviews={12} />)).toContain("(12)");
  });
});

describe("specifications", () => {
  const sheet: SpecSheet = {
    key_specs: [{ key: "weight", label: "Weight", value: "17.3 kg" }],
    groups: [
      { name: "Weight & dimensions", specs: [{ key: "weight", label: "Weight", value: "17.3 kg" }] },
      { name: "Identifiers", specs: [{ key: "ean", label: "EAN", value: "0095205603217" }] },
    ],
  };

  it("lists the key specifications with their labels and units", () => {
    const html = renderToStaticMarkup(<KeySpecs specs={sheet.key_specs} />);
    expect(html).toContain("<dt>Weight</dt><dd>17.3 kg</dd>");
  });

  it("folds every specification, by group, behind Show all", () => {
    const html = renderToStaticMarkup(<AllSpecifications sheet={sheet} />);
    expect(html).toMatch(/^<details[^>]*><summary>Show all specifications \(2\)<\/summary>/);
    expect(html).toContain("<caption>Identifiers</caption>");
    expect(renderToStaticMarkup(<AllSpecifications sheet={{ key_specs: [], groups: [] }} />)).toBe("");
  });
});

describe("order review", () => {
  it("lists what will be charged before Place order", async () => {
    const { OrderReview } = await import("../cart/OrderReview");
    const cart = {
      items: [
        { product_id: 7, title: "Acme kettle", brand: "Acme", image_url: null, price: "20.00", currency: "EUR", quantity: 2, line_total: "40.00", in_stock: true, stock_label: "Only 3 left", max_quantity: 3, problem: null },
      ],
      item_count: 2,
      total: "40.00",
      currency: "EUR",
      checkout_blocked: null,
    };
    const html = renderToStaticMarkup(<OrderReview cart={cart} onBack={() => undefined} onRefused={() => undefined} />);
    expect(html).toContain("Review your order");
    expect(html).toContain("Acme kettle");
    expect(html).toMatch(/2 × €20\.00/);
    expect(html).toContain("€40.00");
    expect(html).toMatch(/<button[^>]*>Place order<\/button>/);
  });
});
