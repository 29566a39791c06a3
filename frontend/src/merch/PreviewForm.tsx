/** What to preview: the query, optional brand and type filters, and the sort. */

import { useState, type FormEvent } from "react";
import type { PreviewRequest, PreviewSort } from "../api/merchTypes";
import { SORT_LABELS } from "../search/SearchPage";
import { Field } from "../site/forms";
import { Select } from "./controls";
import { parseList } from "./lists";

/** Results per side. */
const SIZE = 24;

const SORTS: Record<PreviewSort, string> = {
  relevance: SORT_LABELS.relevance,
  popular: SORT_LABELS.popular,
  price_asc: SORT_LABELS.price_asc,
  price_desc: SORT_LABELS.price_desc,
  rating: SORT_LABELS.rating,
  newest: SORT_LABELS.newest,
};

export function PreviewForm({ busy, onPreview }: { busy: boolean; onPreview: (request: PreviewRequest) => void }) {
  const [q, setQ] = useState("");
  const [brand, setBrand] = useState("");
  const [type, setType] = useState("");
  const [sort, setSort] = useState<PreviewSort>("relevance");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onPreview({ q: q.trim(), brand: parseList(brand), type: parseList(type), sort, size: SIZE });
  };
  return (
    <form className="form inline" onSubmit={submit} role="search">
      <Field label="Query" type="search" value={q} onChange={setQ} maxLength={200} />
      <Field label="Brand filter" value={brand} onChange={setBrand} required={false} hint="Comma-separated, optional." />
      <Field label="Type filter" value={type} onChange={setType} required={false} hint="Comma-separated, optional." />
      <Select<PreviewSort> label="Sort by" value={sort} options={SORTS} onChange={setSort} />
      <button type="submit" className="button" disabled={busy}>
        Preview
      </button>
    </form>
  );
}
