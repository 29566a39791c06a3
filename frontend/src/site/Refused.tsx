/** What a console page shows when the API refuses: the reason, and a sign-in link when signed out. */

import { Notices } from "./forms";
import { signInUrl } from "./next";

export function Refused({ status, error, path }: { status: 401 | 403; error: string | null; path: string }) {
  return (
    <>
      <Notices error={error} message={null} />
      {status === 401 ? (
        <p>
          <a href={signInUrl(path)}>Sign in</a> as a merchandiser or admin to use this page.
        </p>
      ) : null}
    </>
  );
}
