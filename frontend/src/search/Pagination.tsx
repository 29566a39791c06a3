const MAX_RESULT = 1000; // the API serves results up to this depth

export function Pagination({ page, size, total, onPage }: { page: number; size: number; total: number; onPage: (p: number) => void }) {
  const last = Math.max(1, Math.ceil(Math.min(total, MAX_RESULT) / size));
  if (last === 1) return null;
  const pages = [...new Set([1, page - 2, page - 1, page, page + 1, page + 2, last])].filter((p) => p >= 1 && p <= last);
  return (
    <nav className="pagination" aria-label="Pages" data-testid="pagination">
      <button disabled={page <= 1} onClick={() => onPage(page - 1)}>
        ‹ Previous
      </button>
      {pages.map((p, i) => (
        <span key={p}>
          {i > 0 && p - (pages[i - 1] ?? p) > 1 ? <span className="gap">…</span> : null}
          <button aria-current={p === page ? "page" : undefined} onClick={() => onPage(p)}>
            {p}
          </button>
        </span>
      ))}
      <button disabled={page >= last} onClick={() => onPage(page + 1)}>
        Next ›
      </button>
    </nav>
  );
}
