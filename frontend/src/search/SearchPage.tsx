import type { SearchResponse } from "../api/types";
import { Facets } from "./Facets";
import { Pagination } from "./Pagination";
import { ResultCard } from "./ResultCard";
import { SearchBox } from "./SearchBox";
import { useSearch } from "./useSearch";
import { useUrlState } from "./useUrlState";
import { SORTS, type Sort, type SearchState } from "./urlState";

const SORT_LABELS: Record<Sort, string> = {
  relevance: "Best match",
  price_asc: "Price: low to high",
  price_desc: "Price: high to low",
  rating: "Customer rating",
  newest: "Newest",
};

export function SearchPage() {
  const [state, navigate] = useUrlState();
  const { data, error, loading } = useSearch(state);

  return (
    <div className="page">
      <header className="top">
        <a className="logo" href="/" aria-label="Aisle home">
          aisle
        </a>
        <SearchBox query={state.q} onSearch={(q) => navigate({ ...state, q, page: 1 })} />
      </header>
      <main className="layout">
        {data ? <Facets facets={data.facets} state={state} onChange={navigate} /> : <aside className="facets" />}
        <section className="results" aria-live="polite" aria-busy={loading}>
          {error ? <p className="notice error" role="alert">{error}</p> : null}
          {data ? <Results data={data} state={state} onChange={navigate} /> : null}
        </section>
      </main>
      <footer className="footer">
        Product data: Icecat (Open Content License) via the Chorus project. Aisle is open source.
      </footer>
    </div>
  );
}

function Results({ data, state, onChange }: { data: SearchResponse; state: SearchState; onChange: (next: SearchState) => void }) {
  return (
    <>
      <div className="toolbar">
        <p className="total" data-testid="total">
          {data.total.toLocaleString("en")} {data.total === 1 ? "result" : "results"}
          {data.query ? <> for “{data.query}”</> : null}
        </p>
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
      {data.did_you_mean ? (
        <p className="notice">
          Did you mean{" "}
          <button className="link" data-testid="did-you-mean" onClick={() => onChange({ ...state, q: data.did_you_mean ?? "", page: 1 })}>
            {data.did_you_mean}
          </button>
          ?
        </p>
      ) : null}
      {data.relaxed ? <p className="notice">No product matched every word; showing close matches.</p> : null}
      {data.degraded ? <p className="notice">Search is running in a reduced mode; results may be less precise.</p> : null}
      {data.total === 0 ? (
        <div className="empty" data-testid="no-results">
          <h2>Nothing found</h2>
          <p>Check the spelling, use fewer words, or clear some filters.</p>
        </div>
      ) : (
        <div className="grid">
          {data.results.map((hit) => (
            <ResultCard key={hit.product_id} hit={hit} />
          ))}
        </div>
      )}
      <Pagination page={data.page} size={data.size} total={data.total} onPage={(page) => { onChange({ ...state, page }); window.scrollTo(0, 0); }} />
    </>
  );
}
