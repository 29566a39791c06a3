/** The published and the draft results side by side, with pins, synonym matches, banners and redirects marked. */

import type { Preview, PreviewSide } from "../api/merchTypes";
import { safeHref } from "../site/safeUrl";

export function PreviewColumns({ preview }: { preview: Preview }) {
  return (
    <div className="preview-columns">
      <PreviewColumn heading="Published" side={preview.published} />
      <PreviewColumn heading="Draft" side={preview.draft} />
    </div>
  );
}

function PreviewColumn({ heading, side }: { heading: string; side: PreviewSide }) {
  const id = `preview-${heading.toLowerCase()}`;
  return (
    <section className="preview-column" aria-labelledby={id} data-testid={id}>
      <h2 id={id}>{heading}</h2>
      <p className="muted small-note">
        {side.version !== null ? `Version ${side.version} · ` : heading === "Published" ? "Nothing published yet · " : ""}
        {side.total.toLocaleString("en")} {side.total === 1 ? "result" : "results"}
      </p>
      {side.redirect ? (
        <p className="notice">
          Redirects to <RedirectTarget url={side.redirect} />
        </p>
      ) : null}
      {side.banners.map((banner, index) => {
        const href = safeHref(banner.link);
        return (
          <p key={index} className="banner" role="note">
            {href ? <a href={href}>{banner.text}</a> : banner.text}
          </p>
        );
      })}
      {side.results.length === 0 ? (
        <p className="muted">Nothing found.</p>
      ) : (
        <ol className="preview-results">
          {side.results.map((hit) => (
            <li key={hit.product_id}>
              <span className="preview-title">{hit.title}</span> <span className="muted">#{hit.product_id}</span>
              {hit.pinned ? <span className="badge pinned">Pinned</span> : null}
              {hit.synonym ? <span className="badge synonym">Synonym</span> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** The redirect as a link when it is a web address, else as text. */
function RedirectTarget({ url }: { url: string }) {
  const href = safeHref(url);
  return href ? <a href={href}>{url}</a> : <code>{url}</code>;
}
