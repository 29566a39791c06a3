import { useEffect, useRef, useState } from "react";
import type { SearchResponse } from "../api/types";
import { HomeShelves } from "../home/HomeShelves";
import { safeHref } from "../site/safeUrl";
import { SiteHeader } from "../site/SiteHeader";
import { useSession } from "../site/useSession";
import { resultPosition } from "../tracking/queue";
import { Banners } from "./Banners";
import { Facets } from "./Facets";
import { Pagination } from "./Pagination";
import { ResultCard } from "./ResultCard";
import { rankingLabel } from "./explain";
import { partialNotice } from "./partialNotice";
import { rememberQuery } from "./lastQuery";
import { SearchBox } from "./SearchBox";
import { useImpressions } from "./useImpressions";
import { useScrollRestoration } from "./useScrollRestoration";
import { useSearch } from "./useSearch";
import { useUrlState } from "./useUrlState";
import { canExplain, clearFilters, explainFor, filterCount, SORTS, toQueryString, type Sort, type SearchState } from "./urlState";

export const SORT_LABELS: Record<Sort, string> = {
  relevance: "Best match",
  price_asc: "Price: low to high",
  price_desc: "Price: high to low",
  rating: "Customer rating",
  newest: "Newest",
  popular: "Most popular",
};

/** Search results with facets; on the home page without a query, recommendation shelves come first. */
export function SearchPage({ home = false }: { home?: boolean }) {
  const [urlState, navigate] = useUrlState();
  const { session } = useSession();
  const role = session?.user?.role ?? null;
  // Until the session is known, explain=1 stays in the URL; searches ask for explanations only for staff.
  const state = session ? explainFor(urlState, role) : urlState;
  const searched = explainFor(urlState, role);
  const { data, error, loading } = useSearch(searched);
  useImpressions(loading ? null : data);
  useRuleRedirect(loading ? null : data);
  useScrollRestoration(data && !loading ? toQueryString(searched) : null);
  useSearchTitle(state.q, home, loading ? null : data);
  useEffect(() => rememberQuery(state.q), [state.q]);
  const [filtersOpen, setFiltersOpen] = useState(false);
  const filtersButton = useRef<HTMLButtonElement>(null);
  const closeFilters = () => {
    setFiltersOpen(false);
    filtersButton.current?.focus();
  };
  const filters = filterCount(state);
  // With nothing found and no filter to undo, an empty sidebar would only distract.
  const showFacets = data === null || data.total > 0 || filters > 0;
  const showShelves = home && state.q === "" && filters === 0 && state.page === 1;

  return (
    <div className="page">
      <SiteHeader skipTo="results" skipLabel="Skip to results">
        <SearchBox query={state.q} onSearch={(q) => navigate({ ...state, q, page: 1 })} />
      </SiteHeader>
      <main className={showFacets ? "layout" : "layout no-facets"}>
        <h1 className="visually-hidden">{pageHeading(state.q, home)}</h1>
        {showShelves ? <HomeShelves /> : null}
        {data === null ? <aside className="facets" /> : null}
        {data !== null && showFacets ? (
          <>
            <button
              ref={filtersButton}
              className="filters-toggle"
              data-testid="filters-toggle"
              aria-expanded={filtersOpen}
              aria-controls="filters"
              onClick={() => setFiltersOpen(!filtersOpen)}
            >
              Filters
              {filters > 0 ? ` (${filters})` : ""}
            </button>
            <Facets
              facets={data.facets}
              state={state}
              onChange={navigate}
              currency={data.results[0]?.currency ?? "EUR"}
              open={filtersOpen}
              onClose={closeFilters}
              total={data.total}
            />
          </>
        ) : null}
        <section id="results" className="results" aria-live="polite" aria-busy={loading} aria-label="Results">
          {error ? <p className="notice error" role="alert">{error}</p> : null}
          {data ? (
            <Results data={data} state={state} onChange={navigate} explainable={canExplain(role)} explaining={searched.explain} />
          ) : null}
        </section>
      </main>
      <footer className="footer">
        Product data: Icecat (Open Content License) via the Chorus project.
      </footer>
    </div>
  );
}

/** The page's one H1 (read by screen readers; the visible total says the same). */
function pageHeading(q: string, home: boolean): string {
  if (q) return `Search results for “${q}”`;
  return home ? "Aisle: shop laptops, headphones, printers and more" : "All products";
}

/** The tab names the search and its count: "“drill” — 124 results · Aisle". */
export function searchTitle(q: string, home: boolean, total: number | null): string {
  const count = total === null ? "" : ` — ${total.toLocaleString("en")} ${total === 1 ? "result" : "results"}`;
  if (q) return `“${q}”${count} · Aisle`;
  return home ? "Aisle — search the catalog" : `All products${count} · Aisle`;
}

function useSearchTitle(q: string, home: boolean, data: SearchResponse | null) {
  const total = data ? data.total : null;
  useEffect(() => {
    document.title = searchTitle(q, home, total);
  }, [q, home, total]);
}

function Results({
  data,
  state,
  onChange,
  explainable = false,
  explaining = false,
}: {
  data: SearchResponse;
  state: SearchState;
  onChange: (next: SearchState) => void;
  /** Staff: offer the "Explain ranking" checkbox. */
  explainable?: boolean;
  /** Explanations were asked for: show the ranking and each card's "Why here?". */
  explaining?: boolean;
}) {
  return (
    <>
      <div className="toolbar">
        <h2 className="total" data-testid="total">
          {data.total.toLocaleString("en")} {data.total === 1 ? "result" : "results"}
          {data.query ? <> for “{data.query}”</> : null}
        </h2>
        {explainable ? <ExplainToggle checked={state.explain} onChange={(explain) => onChange({ ...state, explain })} /> : null}
        <label className="sort">
          Sort by{" "}
          <select
            data-testid="sort-select"
            value={state.sort}
            onChange={(event) => onChange({ ...state, sort: event.target.value as Sort, page: 1 })}
          >
            {SORTS.map((sort) => (
              <option key={sort} value={sort}>
                {SORT_LABELS[sort]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {explaining && data.ranking ? <RankingNote ranking={data.ranking} /> : null}
      {data.did_you_mean ? (
        <p className="notice">
          Did you mean{" "}
          <button className="link" data-testid="did-you-mean" onClick={() => onChange({ ...state, q: data.did_you_mean ?? "", page: 1 })}>
            {data.did_you_mean}
          </button>
          ?
        </p>
      ) : null}
      {data.banners?.length ? <Banners banners={data.banners} /> : null}
      {data.partial_match ? (
        <p className="notice" data-testid="partial-match">
          {partialNotice(data.query, data.partial_match)}
        </p>
      ) : data.relaxed ? (
        <p className="notice">Few products match every word; those matching some of them follow.</p>
      ) : null}
      {data.degraded ? <p className="notice">Search is running in a reduced mode; results may be less precise.</p> : null}
      {data.total === 0 ? (
        <div className="empty" data-testid="no-results">
          <h2>Nothing found</h2>
          <p>Check the spelling, use fewer words, or clear some filters.</p>
          <p className="empty-actions">
            {filterCount(state) > 0 ? (
              <button className="button" onClick={() => onChange(clearFilters(state))}>
                Clear filters
              </button>
            ) : null}
            <a className="button secondary" href="/">
              Browse all products
            </a>
          </p>
        </div>
      ) : (
        <div className="grid">
          {data.results.map((hit, index) => (
            <ResultCard
              key={hit.product_id}
              hit={hit}
              queryId={data.query_id}
              position={resultPosition(data.page, data.size, index)}
              explanation={explaining ? hit.explanation : null}
            />
          ))}
        </div>
      )}
      <Pagination page={data.page} size={data.size} total={data.total} onPage={(page) => { onChange({ ...state, page }); window.scrollTo(0, 0); }} />
    </>
  );
}

/** A query rule's redirect: on the first page of results, go where the rule says (web addresses only). */
function useRuleRedirect(data: SearchResponse | null) {
  const target = data && data.page === 1 ? safeHref(data.redirect) : null;
  useEffect(() => {
    if (target) window.location.replace(target);
  }, [target, data?.query_id]);
}

/** Staff only: the "Explain ranking" checkbox of the results toolbar. */
export function ExplainToggle({ checked, onChange }: { checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <label className="explain-toggle">
      <input type="checkbox" data-testid="explain-toggle" checked={checked} onChange={(event) => onChange(event.target.checked)} />{" "}
      Explain ranking
    </label>
  );
}

/** Which ranking ordered these results: "Ranked by BM25", "Ranked by ltr:3". */
export function RankingNote({ ranking }: { ranking: string }) {
  return (
    <p className="ranking-note" data-testid="ranking">
      Ranked by {rankingLabel(ranking)}
    </p>
  );
}
