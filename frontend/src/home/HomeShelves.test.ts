import { describe, expect, it } from "vitest";
import type { ProductSummary } from "../api/types";
import { personalOnly } from "./HomeShelves";

const items = [{ product_id: 1 } as ProductSummary];

describe("personalOnly", () => {
  it("keeps picks that rest on the shopper's own history", () => {
    expect(personalOnly({ items, source: "personal" }).items).toHaveLength(1);
    expect(personalOnly({ items, source: "trending:Laptops" }).items).toHaveLength(1);
  });

  it("drops the global fallbacks a new visitor gets, which repeat Trending now", () => {
    expect(personalOnly({ items, source: "trending" }).items).toHaveLength(0);
    expect(personalOnly({ items, source: "best-rated" }).items).toHaveLength(0);
  });
});
