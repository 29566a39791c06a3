/** Query rules' banners above the results: each a note, linked when the rule gave a (safe) link. */

import type { SearchBanner } from "../api/types";
import { safeHref } from "../site/safeUrl";

export function Banners({ banners }: { banners: SearchBanner[] }) {
  return (
    <>
      {banners.map((banner, index) => {
        const href = safeHref(banner.link);
        return (
          <p key={index} className="banner" role="note" data-testid="banner">
            {href ? <a href={href}>{banner.text}</a> : banner.text}
          </p>
        );
      })}
    </>
  );
}
