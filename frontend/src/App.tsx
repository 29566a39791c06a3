/** The app shell: picks a page by path. Later pages (product, consoles) register here. */

import type { ReactNode } from "react";
import { AccountPage } from "./account/AccountPage";
import { ForgotPasswordPage } from "./account/ForgotPasswordPage";
import { ResetPasswordPage } from "./account/ResetPasswordPage";
import { SignInPage } from "./account/SignInPage";
import { SignUpPage } from "./account/SignUpPage";
import { VerifyEmailPage } from "./account/VerifyEmailPage";
import { IndexesPage } from "./admin/IndexesPage";
import { JobsPage } from "./admin/JobsPage";
import { MailboxPage } from "./admin/MailboxPage";
import { UsersPage } from "./admin/UsersPage";
import { SearchPage } from "./search/SearchPage";

const ROUTES: Record<string, (params: URLSearchParams) => ReactNode> = {
  "/": () => <SearchPage />,
  "/search": () => <SearchPage />,
  "/sign-up": () => <SignUpPage />,
  "/verify-email": (params) => <VerifyEmailPage token={params.get("token") ?? ""} />,
  "/sign-in": (params) => <SignInPage next={params.get("next")} />,
  "/forgot-password": () => <ForgotPasswordPage />,
  "/reset-password": (params) => <ResetPasswordPage token={params.get("token") ?? ""} />,
  "/account": () => <AccountPage />,
  "/admin/users": () => <UsersPage />,
  "/admin/mailbox": () => <MailboxPage />,
  "/admin/indexes": () => <IndexesPage />,
  "/admin/jobs": (params) => <JobsPage params={params} />,
};

export function App({ path = window.location.pathname, search }: { path?: string; search?: string }) {
  const page = ROUTES[path.replace(/\/+$/, "") || "/"];
  const query = search ?? (typeof window === "undefined" ? "" : window.location.search);
  return page ? page(new URLSearchParams(query)) : <NotFound />;
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
