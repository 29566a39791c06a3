/** The home page's recommendations: for this shopper, trending, and recently viewed. */

import { recommendations } from "../api/shop";
import type { Recommendations } from "../api/types";
import { ProductShelf } from "../product/ProductShelf";

export function HomeShelves() {
  return (
    <div className="shelves">
      <ProductShelf title="Recommended for you" loadKey={["for-you"]} load={() => recommendations("for-you", 12).then(personalOnly)} />
      <ProductShelf title="Trending now" loadKey={["trending"]} load={() => recommendations("trending", 12)} />
      <ProductShelf title="Recently viewed" loadKey={["recently-viewed"]} load={() => recommendations("recently-viewed", 12)} />
    </div>
  );
}

/**
 * Keep "Recommended for you" only when it rests on this shopper's own signal: personal picks or
 * trending in their favourite type ("trending:<type>"). Without history the server falls back
 * to global trending or best rated, which is what "Trending now" shows already, so the shelf
 * is left out rather than repeating it under a promise it does not keep.
 */
export function personalOnly(answer: Recommendations): Recommendations {
  const personal = answer.source === "personal" || answer.source.startsWith("trending:");
  return personal ? answer : { ...answer, items: [] };
}
