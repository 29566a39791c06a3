import { useEffect, useState, type FormEvent } from "react";

export function SearchBox({ query, onSearch }: { query: string; onSearch: (q: string) => void }) {
  const [text, setText] = useState(query);
  useEffect(() => setText(query), [query]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch(text.trim());
  };

  return (
    <form className="search-box" role="search" onSubmit={submit}>
      <label htmlFor="search-input" className="visually-hidden">
        Search products
      </label>
      <input
        id="search-input"
        data-testid="search-input"
        type="search"
        value={text}
        maxLength={512}
        placeholder="Search laptops, headphones, toner…"
        autoComplete="off"
        onChange={(event) => setText(event.target.value)}
      />
      <button type="submit">Search</button>
    </form>
  );
}
