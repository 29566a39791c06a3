/** The home page's recommendations: for this shopper, trending, and recently viewed. */

import { recommendations } from "../api/shop";
import { ProductShelf } from "../product/ProductShelf";

export function HomeShelves() {
  return (
    <div className="shelves">
      <ProductShelf title="Recommended for you" loadKey="for-you" load={() => recommendations("for-you", 12)} />
      <ProductShelf title="Trending now" loadKey="trending" load={() => recommendations("trending", 12)} />
      <ProductShelf title="Recently viewed" loadKey="recently-viewed" load={() => recommendations("recently-viewed", 12)} />
    </div>
  );
}
