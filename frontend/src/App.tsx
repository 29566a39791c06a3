/** The app shell: picks a page by path. Later pages (product, consoles) register here. */

import type { ReactNode } from "react";
import { SearchPage } from "./search/SearchPage";

const ROUTES: Record<string, () => ReactNode> = {
  "/": () => <SearchPage />,
  "/search": () => <SearchPage />,
};

export function App({ path = window.location.pathname }: { path?: string }) {
  const page = ROUTES[path.replace(/\/+$/, "") || "/"];
  return page ? page() : <NotFound />;
}

function NotFound() {
  return (
    <main className="not-found">
      <h1>Page not found</h1>
      <p>
        <a href="/">Back to search</a>
      </p>
    </main>
  );
}
