/** Admin: the development mailbox, where mail waits when no SMTP server is configured. */

import { useState, type FormEvent } from "react";
import { listMail } from "../api/account";
import type { MailRead } from "../api/types";
import { Pagination } from "../search/Pagination";
import { formatDate } from "../site/format";
import { Notices } from "../site/forms";
import { PageShell } from "../site/PageShell";
import { Linkified } from "./linkify";
import { useAdminData } from "./useAdminData";

const PAGE_SIZE = 20;

/** Newest first, whatever order the server sent. */
export function newestFirst(messages: MailRead[]): MailRead[] {
  return [...messages].sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || b.id - a.id);
}

export function MailboxPage() {
  const [to, setTo] = useState("");
  const [text, setText] = useState("");
  const [page, setPage] = useState(1);
  const key = JSON.stringify([to, page]);
  const { data, error, loading } = useAdminData(key, () => listMail(to, page, PAGE_SIZE));

  const filter = (event: FormEvent) => {
    event.preventDefault();
    setTo(text.trim());
    setPage(1);
  };

  return (
    <PageShell title="Mailbox" wide>
      <p className="muted">Mail the service sent while no SMTP server is configured.</p>
      <form className="filters" role="search" onSubmit={filter}>
        <div className="field">
          <label htmlFor="mail-to">Recipient</label>
          <input id="mail-to" type="search" value={text} maxLength={320} placeholder="name@example.com" onChange={(e) => setText(e.target.value)} />
        </div>
        <button className="button" type="submit">
          Filter
        </button>
      </form>
      <Notices error={error} message={null} />
      <section aria-live="polite" aria-busy={loading}>
        {data ? (
          <>
            <p className="muted">
              {data.total.toLocaleString("en")} {data.total === 1 ? "message" : "messages"}
              {to ? <> to {to}</> : null}
            </p>
            {newestFirst(data.messages).map((mail) => (
              <Mail key={mail.id} mail={mail} />
            ))}
            <Pagination page={data.page} size={data.size} total={data.total} onPage={setPage} />
          </>
        ) : null}
      </section>
    </PageShell>
  );
}

function Mail({ mail }: { mail: MailRead }) {
  return (
    <article className="mail">
      <h2>{mail.subject}</h2>
      <p className="mail-meta">
        To {mail.to_address} · <time dateTime={mail.created_at}>{formatDate(mail.created_at)}</time> · {mail.status}
      </p>
      <pre>
        <Linkified text={mail.body ?? "(Not kept: the message was delivered.)"} />
      </pre>
    </article>
  );
}
